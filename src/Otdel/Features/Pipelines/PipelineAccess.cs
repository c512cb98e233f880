using Otdel.Platform;

namespace Otdel.Features.Pipelines;

/// <summary>Pipelines belong to a department: its people use them, its heads edit them; company-wide roles see all.</summary>
public static class PipelineAccess
{
    public static bool CanUse(Access access, Pipeline p) =>
        access.Scope == Scope.All || p.DepartmentId is null || p.DepartmentId == access.User?.DepartmentId;

    public static bool CanEdit(Access access, Pipeline p) => access.RunsDepartment && CanUse(access, p);

    public static IQueryable<Pipeline> Usable(Access access, IQueryable<Pipeline> q)
    {
        if (access.Scope == Scope.All) return q;
        var dep = access.User?.DepartmentId;
        return q.Where(p => p.DepartmentId == null || p.DepartmentId == dep);
    }
}
