using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Leads;

/// <summary>
/// Channels, their campaigns and their monthly spend, kept by heads for their department (company-wide roles for any,
/// and for the company's own channels). Every channel gets a random form key for its public web form.
/// </summary>
public sealed class SaveChannel(OtdelDb db, Access access, Errors errors, Problems problems, References refs)
{
    public async Task<Outcome<ChannelView>> CreateAsync(ChannelInput input, CancellationToken ct = default)
    {
        if (!access.RunsDepartment && access.Scope != Scope.All) return problems.Forbidden();
        var c = new Channel
        {
            Name = "", FormKey = NewFormKey(), CreatedAt = db.UtcNow, OwnerId = input.OwnerId ?? access.UserId,
            DepartmentId = access.User?.DepartmentId
        };
        if (!await ApplyAsync(c, input, true, ct)) return errors.ToFailure();
        db.Channels.Add(c);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, c, ct);
    }

    public async Task<Outcome<ChannelView>> UpdateAsync(long id, ChannelInput input, CancellationToken ct = default)
    {
        var c = await db.Channels.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (!MayChange(c)) return problems.Forbidden();
        if (input.Version is { } v && v != c.Version) return problems.Stale(await ViewAsync(db, c, ct));
        if (!await ApplyAsync(c, input, false, ct)) return errors.ToFailure();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return await ViewAsync(db, c, ct);
    }

    public async Task<Outcome<ChannelView>> AddCampaignAsync(long id, CampaignInput input, CancellationToken ct = default)
    {
        var c = await db.Channels.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (!MayChange(c)) return problems.Forbidden();
        var name = LeadRules.Text("name", input.Name, 200, errors);
        errors.Required("name", name);
        var campaign = new Campaign
        {
            ChannelId = c.Id, Name = name ?? "", UtmSource = LeadRules.Text("utmSource", input.UtmSource, 200, errors),
            UtmMedium = LeadRules.Text("utmMedium", input.UtmMedium, 200, errors), UtmCampaign = LeadRules.Text("utmCampaign", input.UtmCampaign, 200, errors),
        };
        if (errors.Any) return errors.ToFailure();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, c, ct);
    }

    /// <summary>Sets what a channel cost in a month (yyyy-MM); zero removes the month.</summary>
    public async Task<Outcome<ChannelView>> SetSpendAsync(long id, SpendInput input, CancellationToken ct = default)
    {
        var c = await db.Channels.VisibleTo(access).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return problems.NotFound();
        if (!MayChange(c)) return problems.Forbidden();
        if (MonthOf(input.Month) is not { } month) errors.Add("month", string.IsNullOrWhiteSpace(input.Month) ? "Error.Required" : "Leads.BadMonth");
        else if (month.Year is < 1900 or > 2200) errors.Add("month", "Leads.BadMonth");
        if (input.Amount is not { } amount) errors.Add("amount", "Error.Required");
        else if (amount < 0) errors.Add("amount", "Error.BadValue");
        errors.Money("amount", input.Amount);
        if (errors.Any) return errors.ToFailure();
        var m = MonthOf(input.Month)!.Value;
        var row = await db.ChannelSpend.FirstOrDefaultAsync(s => s.ChannelId == c.Id && s.Month == m, ct);
        if (input.Amount == 0) { if (row is not null) db.ChannelSpend.Remove(row); }
        else if (row is null) db.ChannelSpend.Add(new ChannelSpend { ChannelId = c.Id, Month = m, Amount = input.Amount!.Value });
        else row.Amount = input.Amount!.Value;
        await db.SaveChangesAsync(ct);
        return await ViewAsync(db, c, ct);
    }

    public static DateOnly? MonthOf(string? text) =>
        DateOnly.TryParseExact(text?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    bool MayChange(Channel c) =>
        access.Scope == Scope.All || (access.RunsDepartment && c.DepartmentId is not null && c.DepartmentId == access.User?.DepartmentId);

    async Task<bool> ApplyAsync(Channel c, ChannelInput input, bool creating, CancellationToken ct)
    {
        if (creating || input.Name is not null)
        {
            var name = LeadRules.Text("name", input.Name, 200, errors);
            errors.Required("name", name);
            c.Name = name ?? "";
        }
        if (input.Kind is not null || creating)
        {
            if (input.Kind is null) c.Kind = ChannelKind.Other;
            else if (LeadRules.KindOf(input.Kind) is { } k) c.Kind = k;
            else errors.Add("kind", "Error.BadValue");
        }
        if (input.IsArchived is { } archived) c.IsArchived = archived;
        if (errors.Any) return false;
        if (input.DepartmentId is { } dep && dep != c.DepartmentId)
        {
            if (await refs.DepartmentAsync(dep, "departmentId", ct) is null) return false;
            c.DepartmentId = dep;
        }
        if (input.OwnerId is { } owner && (creating || owner != c.OwnerId))
        {
            if (owner != access.UserId && await refs.OwnerAsync(owner, "ownerId", ct) is null) return false;
            c.OwnerId = owner;
        }
        return true;
    }

    static string NewFormKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static async Task<ChannelView> ViewAsync(OtdelDb db, Channel c, CancellationToken ct)
    {
        var campaigns = await db.Campaigns.AsNoTracking().Where(x => x.ChannelId == c.Id).OrderBy(x => x.Id).ToListAsync(ct);
        var spend = await db.ChannelSpend.AsNoTracking().Where(x => x.ChannelId == c.Id).OrderBy(x => x.Month).ToListAsync(ct);
        return new ChannelView(c.Id, c.Name, c.Kind, c.DepartmentId, c.OwnerId, c.FormKey, c.IsArchived,
            campaigns.Select(x => new CampaignView(x.Id, x.Name, x.UtmSource, x.UtmMedium, x.UtmCampaign)).ToList(),
            spend.Select(x => new SpendView(x.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), x.Amount)).ToList(), c.Version);
    }
}
