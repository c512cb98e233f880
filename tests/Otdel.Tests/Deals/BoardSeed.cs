using System.Net.Http.Json;
using Microsoft.Playwright;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>Data for the board's journeys, made through the public API like any client would.</summary>
static class BoardSeed
{
    public sealed record StageDto(long Id, string Name, string? Group, string Kind);
    public sealed record PipelineDto(long Id, string Name, List<StageDto> Stages, List<ReasonDto> LossReasons)
    {
        public StageDto Stage(string name) => Stages.Single(s => s.Name == name);
    }
    public sealed record ReasonDto(long Id, string Name, bool IsOther);
    public sealed record DealDto(long Id, string Title, long StageId, long OwnerId, string Status, int Version);

    public static async Task<PipelineDto> B2BAsync(HttpClient head, string tag)
    {
        var res = await head.PostAsJsonAsync("/api/v1/pipelines", new { name = "B2B " + tag, template = "b2b" });
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        return await res.ReadJson<PipelineDto>();
    }

    public static async Task<DealDto> DealAsync(HttpClient client, long pipelineId, long stageId, long ownerId, string title, decimal amount, string? clientName = null, string? source = null)
    {
        var res = await client.PostAsJsonAsync("/api/v1/deals", new { title, amount, currency = "RUB", pipelineId, stageId, ownerId, clientName, source });
        Assert.True(res.IsSuccessStatusCode, await res.Content.ReadAsStringAsync());
        return await res.ReadJson<DealDto>();
    }
}

static class Board
{
    /// <summary>Drags like a person: press on the card, move in steps over the target column, release.</summary>
    public static async Task DragAsync(IPage page, ILocator card, ILocator target)
    {
        await card.ScrollIntoViewIfNeededAsync();
        var from = (await card.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height - 10);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + from.Width / 2 + 12, from.Y + from.Height, new MouseMoveOptions { Steps = 4 });
        var to = (await target.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + 30, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + 34, new MouseMoveOptions { Steps = 2 });
        await page.Mouse.UpAsync();
    }
}
