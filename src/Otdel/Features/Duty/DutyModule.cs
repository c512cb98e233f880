namespace Otdel.Features.Duty;

/// <summary>The weekly duty roster: who takes inbound calls and leads, who calls out, by hours (issue 11 item 5).</summary>
public static class DutyModule
{
    public static IServiceCollection AddDuty(this IServiceCollection s) => s.AddScoped<DutyRoster>();

    public static void MapDutyApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/duty").WithTags("Duty roster");
        g.MapGet("/", async (long? departmentId, DutyRoster roster, CancellationToken ct) =>
            (await roster.ReadAsync(departmentId, ct)).ToResult(Results.Ok)).Produces<DutyRosterView>();
        g.MapPut("/", async (DutyRosterInput input, DutyRoster roster, CancellationToken ct) =>
            (await roster.SaveAsync(input, ct)).ToResult(Results.Ok)).Produces<DutyRosterView>();
    }
}
