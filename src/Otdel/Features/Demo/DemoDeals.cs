using Otdel.Features.Organisation;

namespace Otdel.Features.Demo;

/// <summary>The demo pipeline and its deals; filled in by the pipelines capability.</summary>
static class DemoDeals
{
    public static Task SeedAsync(IServiceProvider services, Department department, CancellationToken ct) => Task.CompletedTask;
}
