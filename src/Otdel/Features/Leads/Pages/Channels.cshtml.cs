using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads.Pages;

/// <summary>
/// The channels leads come by: each with its campaigns, its spend per month and the HTML snippet of its web form to put
/// on a site. Heads add channels, campaigns and spend here (through <see cref="SaveChannel"/>); everyone else reads.
/// </summary>
public sealed class ChannelsModel(OtdelDb db, Access access) : PageModel
{
    public List<ChannelView> Channels { get; private set; } = [];
    public bool MayEdit => access.RunsDepartment || access.Scope == Scope.All;
    public Failure? Failure { get; private set; }
    public string? Refused { get; private set; }
    public long? RefusedChannel { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAddAsync(string? name, string? kind, [FromServices] SaveChannel save, CancellationToken ct)
    {
        var outcome = await save.CreateAsync(new ChannelInput(name, kind, null, null, null, null), ct);
        return outcome.Ok ? Redirect("/settings/channels#channel-" + outcome.Value!.Id) : await Refuse("add", null, outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostSpendAsync(long channelId, string? month, string? amount, [FromServices] SaveChannel save, CancellationToken ct)
    {
        decimal? money = RuInput.TryParseMoney(amount, out var m) ? m : null;
        var outcome = await save.SetSpendAsync(channelId, new SpendInput(month, money), ct);
        return outcome.Ok ? Redirect("/settings/channels#channel-" + channelId) : await Refuse("spend", channelId, outcome.Failure!, ct);
    }

    public async Task<IActionResult> OnPostCampaignAsync(long channelId, string? name, string? utmSource, string? utmMedium, string? utmCampaign,
        [FromServices] SaveChannel save, CancellationToken ct)
    {
        var outcome = await save.AddCampaignAsync(channelId, new CampaignInput(name, utmSource, utmMedium, utmCampaign), ct);
        return outcome.Ok ? Redirect("/settings/channels#channel-" + channelId) : await Refuse("campaign", channelId, outcome.Failure!, ct);
    }

    async Task<IActionResult> Refuse(string what, long? channelId, Failure failure, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await Load(ct);
        if (failure.Status == 404) return NotFound();
        (Refused, RefusedChannel, Failure) = (what, channelId, failure);
        Response.StatusCode = failure.Status;
        return Page();
    }

    public string? ErrorFor(string form, long? channelId, string field) => Refused == form && RefusedChannel == channelId ? Failure?.For(field) : null;

    /// <summary>The form a site puts on its page: posts straight to the channel's public address.</summary>
    public string Snippet(ChannelView c) =>
        $"""
        <form method="post" action="{Request.Scheme}://{Request.Host}/api/v1/forms/{c.FormKey}">
          <input name="name" placeholder="Имя" required>
          <input name="phone" type="tel" placeholder="Телефон">
          <input name="email" type="email" placeholder="E-mail">
          <button type="submit">Отправить</button>
        </form>
        """;

    async Task Load(CancellationToken ct)
    {
        var list = await db.Channels.VisibleTo(access).AsNoTracking().OrderBy(c => c.IsArchived).ThenBy(c => c.Name).ToListAsync(ct);
        Channels = [];
        foreach (var c in list) Channels.Add(await SaveChannel.ViewAsync(db, c, ct));
    }
}
