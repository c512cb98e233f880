using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Deals;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>/api/v1/leads (list, read, add, change, status, convert), /api/v1/channels (campaigns, spend) and the public /api/v1/forms/{formKey}.</summary>
public static class LeadsApi
{
    public const string FormsPolicy = "forms";

    public static void Map(RouteGroupBuilder api)
    {
        var leads = api.MapGroup("/leads").WithTags("Leads");

        leads.MapGet("/", async (string? status, long? channelId, long? ownerId, string? search, DateOnly? from, DateOnly? to, long? cursor, int? limit,
            OtdelDb db, Access access, References refs, Errors errors, CancellationToken ct) =>
        {
            var wanted = LeadRules.StatusOf(status);
            if (status is not null && wanted is null) errors.Add("status", "Error.BadValue");
            errors.MaxLength("search", search, 200);
            if (channelId is { } ch) await refs.ChannelAsync(ch, "channelId", ct);
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            errors.Date("from", from).Date("to", to);
            if (errors.Any) return errors.ToFailure().ToResult();
            var take = Math.Clamp(limit ?? 50, 1, 500);
            var rows = await LeadList.Query(db, access, new LeadFilter(wanted, channelId, ownerId, search, from, to), cursor).Take(take + 1).ToListAsync(ct);
            var items = rows.Take(take).Select(LeadView.Of).ToList();
            return Results.Ok(new LeadPage(items, rows.Count > take ? items[^1].Id : null));
        }).Produces<LeadPage>();

        leads.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Leads.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) is { } l
                ? Results.Ok(LeadView.Of(l))
                : problems.NotFound().ToResult()).Produces<LeadView>();

        leads.MapPost("/", async (LeadInput input, CreateLead create, CancellationToken ct) =>
            (await create.Run(input, ct)).ToResult(l => Results.Created($"/api/v1/leads/{l.Id}", l))).Produces<LeadView>(201);

        leads.MapPatch("/{id:long}", async (long id, LeadInput input, UpdateLead update, CancellationToken ct) =>
            (await update.Run(id, input, input.Sent, ct)).ToResult(Results.Ok)).Produces<LeadView>();

        leads.MapPost("/{id:long}/status", async (long id, LeadStatusInput input, ChangeLeadStatus change, CancellationToken ct) =>
            (await change.Run(id, input, ct)).ToResult(Results.Ok)).Produces<LeadView>();

        leads.MapPost("/{id:long}/convert", async (long id, ConvertInput input, ConvertLead convert, CancellationToken ct) =>
            (await convert.Run(id, input, ct)).ToResult(d => Results.Created($"/api/v1/deals/{d.Id}", d))).Produces<DealView>(201);

        leads.MapGet("/{id:long}/score", async (long id, OtdelDb db, Access access, Problems problems, LeadScores scores, CancellationToken ct) =>
        {
            var l = await db.Leads.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (l is null) return problems.NotFound().ToResult();
            var rules = await scores.RulesOfOwnerAsync(l.OwnerId, ct);
            var score = await scores.ScoreAsync(l, rules, ct);
            var category = rules is null ? LeadCategory.Cold : LeadScorer.CategoryOf(l.Score, rules.MqlThreshold, rules.SqlThreshold);
            return Results.Ok(new LeadScoreView(l.Id, l.Score, LeadScorer.Word(category), rules?.MqlThreshold, rules?.SqlThreshold, score.Parts));
        }).Produces<LeadScoreView>();

        var scoring = api.MapGroup("/lead-scoring").WithTags("Leads");

        scoring.MapGet("/", async (long? departmentId, SaveLeadScoring scoringRules, CancellationToken ct) =>
            (await scoringRules.ReadAsync(departmentId, ct)).ToResult(Results.Ok)).Produces<LeadScoringView>();

        scoring.MapPut("/", async (LeadScoringInput input, SaveLeadScoring scoringRules, CancellationToken ct) =>
            (await scoringRules.SaveAsync(input, ct)).ToResult(Results.Ok)).Produces<LeadScoringView>();

        var channels = api.MapGroup("/channels").WithTags("Leads");

        channels.MapGet("/", async (OtdelDb db, Access access, CancellationToken ct) =>
        {
            var list = await db.Channels.VisibleTo(access).AsNoTracking().OrderBy(c => c.IsArchived).ThenBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
            var views = new List<ChannelView>();
            foreach (var c in list) views.Add(await SaveChannel.ViewAsync(db, c, ct));
            return Results.Ok(views);
        }).Produces<List<ChannelView>>();

        channels.MapPost("/", async (ChannelInput input, SaveChannel save, CancellationToken ct) =>
            (await save.CreateAsync(input, ct)).ToResult(c => Results.Created($"/api/v1/channels/{c.Id}", c))).Produces<ChannelView>(201);

        channels.MapPut("/{id:long}", async (long id, ChannelInput input, SaveChannel save, CancellationToken ct) =>
            (await save.UpdateAsync(id, input, ct)).ToResult(Results.Ok)).Produces<ChannelView>();

        channels.MapPost("/{id:long}/campaigns", async (long id, CampaignInput input, SaveChannel save, CancellationToken ct) =>
            (await save.AddCampaignAsync(id, input, ct)).ToResult(Results.Ok)).Produces<ChannelView>();

        channels.MapPut("/{id:long}/spend", async (long id, SpendInput input, SaveChannel save, CancellationToken ct) =>
            (await save.SetSpendAsync(id, input, ct)).ToResult(Results.Ok)).Produces<ChannelView>();
    }

    /// <summary>
    /// The public web form: anonymous by design (a site's visitors post it), limited per client address (<see cref="FormsPolicy"/>),
    /// form-encoded or JSON. The answer says only that the post was taken — nothing of the lead or what it matched.
    /// </summary>
    public static void MapForms(WebApplication app) =>
        app.MapPost("/api/v1/forms/{formKey}", async (string formKey, HttpRequest request, TakeFormPost take, CancellationToken ct) =>
            (await take.Run(formKey, await FormPost.ReadAsync(request, ct), ct)).ToResult(_ => Results.Accepted(value: new FormReceipt(true))))
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(FormsPolicy).WithTags("Leads")
            .Accepts<LeadFormInput>("application/json", "application/x-www-form-urlencoded")
            .Produces<FormReceipt>(202).ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);
}

public sealed record FormReceipt(bool Received);

/// <summary>What the lead list is narrowed to.</summary>
public sealed record LeadFilter(LeadStatus? Status, long? ChannelId, long? OwnerId, string? Search, DateOnly? From, DateOnly? To);

/// <summary>The leads the caller sees under a filter, newest first, a page after the cursor (the last id of the page before).</summary>
public static class LeadList
{
    public static IQueryable<Lead> Query(OtdelDb db, Access access, LeadFilter f, long? cursor)
    {
        var q = db.Leads.VisibleTo(access).AsNoTracking();
        if (f.Status is { } s) q = q.Where(l => l.Status == s);
        if (f.ChannelId is { } ch) q = q.Where(l => l.ChannelId == ch);
        if (f.OwnerId is { } o) q = q.Where(l => l.OwnerId == o);
        if (f.From is { } from) { var at = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(l => l.ArrivedAt >= at); }
        if (f.To is { } to) { var at = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(l => l.ArrivedAt < at); }
        if (!string.IsNullOrWhiteSpace(f.Search))
        {
            var text = f.Search.Trim();
            var phone = Clients.Client.PhoneKeyOf(text);
            var email = text.ToLowerInvariant();
            q = q.Where(l => l.Name.Contains(text) || (l.Company != null && l.Company.Contains(text)) || (l.EmailKey != null && l.EmailKey.Contains(email))
                || (phone != null && phone.Length >= 3 && l.PhoneKey != null && l.PhoneKey.Contains(phone)));
        }
        if (cursor is { } c) q = q.Where(l => l.Id < c);
        return q.OrderByDescending(l => l.Id);
    }
}
