using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

/// <summary>A client's important date as the API and the page show it: when it next comes and in how many days (the reader's today).</summary>
public sealed record ClientDateView(long Id, long ClientId, string Title, DateOnly Date, string Repeat, string? Note, DateOnly? Next, int? DaysLeft,
    int Version)
{
    public static ClientDateView Of(ClientDate d, DateOnly today)
    {
        var next = ImportantDates.Next(d.Date, d.Yearly, today);
        return new(d.Id, d.ClientId, d.Title, d.Date, d.Yearly ? ClientDates.Yearly : ClientDates.Once, d.Note, next,
            next is { } n ? n.DayNumber - today.DayNumber : null, d.Version);
    }
}

/// <summary>What is sent to add or change a date: <c>repeat</c> is yearly (the default) or once; <c>version</c> guards a change.</summary>
public sealed record ClientDateInput(string? Title, DateOnly? Date, string? Repeat, string? Note, int? Version);

/// <summary>
/// Lists, adds, changes and removes a client's important dates. Whoever may change the client (sees it:
/// <see cref="Visibility"/>) may change its dates; a client out of sight is 404, as the client itself.
/// </summary>
public sealed class ClientDates(OtdelDb db, Access access, LocalTime local, Errors errors, Problems problems)
{
    public const string Yearly = "yearly";
    public const string Once = "once";
    public const int MaxPerClient = 100;

    /// <summary>Today in the reader's zone: what "days left" counts from.</summary>
    public DateOnly Today => DateOnly.FromDateTime(local.Now(db.Clock));

    public async Task<Outcome<List<ClientDateView>>> ListAsync(long clientId, CancellationToken ct = default)
    {
        if (!await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == clientId, ct)) return problems.NotFound();
        var today = Today;
        var rows = await db.Set<ClientDate>().AsNoTracking().Where(d => d.ClientId == clientId).ToListAsync(ct);
        return rows.Select(d => ClientDateView.Of(d, today)).OrderBy(d => d.Next ?? DateOnly.MaxValue).ThenBy(d => d.Title).ThenBy(d => d.Id).ToList();
    }

    public async Task<Outcome<ClientDateView>> CreateAsync(long clientId, ClientDateInput input, CancellationToken ct = default)
    {
        if (!await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == clientId, ct)) return problems.NotFound();
        var d = new ClientDate { ClientId = clientId, Title = "" };
        if (!Apply(d, input)) return errors.ToFailure();
        if (await db.Set<ClientDate>().CountAsync(x => x.ClientId == clientId, ct) >= MaxPerClient)
            return errors.Add("title", "Clients.Dates.TooMany", MaxPerClient).ToFailure();
        db.Add(d);
        await db.SaveChangesAsync(ct);
        return ClientDateView.Of(d, Today);
    }

    public async Task<Outcome<ClientDateView>> UpdateAsync(long clientId, long dateId, ClientDateInput input, CancellationToken ct = default)
    {
        var d = await FindAsync(clientId, dateId, ct);
        if (d is null) return problems.NotFound();
        if (input.Version is { } v && v != d.Version) return problems.Stale(ClientDateView.Of(d, Today));
        if (!Apply(d, input)) return errors.ToFailure();
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return problems.Stale(); }
        return ClientDateView.Of(d, Today);
    }

    public async Task<Outcome<bool>> DeleteAsync(long clientId, long dateId, CancellationToken ct = default)
    {
        var d = await FindAsync(clientId, dateId, ct);
        if (d is null) return problems.NotFound();
        db.Remove(d);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A date of a client the caller sees; another client's date named under this one is not found either.</summary>
    async Task<ClientDate?> FindAsync(long clientId, long dateId, CancellationToken ct) =>
        await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == clientId, ct)
            ? await db.Set<ClientDate>().FirstOrDefaultAsync(d => d.Id == dateId && d.ClientId == clientId, ct)
            : null;

    /// <summary>Checks every field (all refusals at once, by field) and sets them when all are good.</summary>
    bool Apply(ClientDate d, ClientDateInput input)
    {
        var title = input.Title?.Trim();
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        errors.Required("title", title).MaxLength("title", title, ClientDate.MaxTitle).MaxLength("note", note, ClientDate.MaxNote);
        if (input.Date is null) errors.Add("date", "Error.Required");
        else errors.Date("date", input.Date);
        var repeat = input.Repeat?.Trim().ToLowerInvariant();
        if (repeat is not (null or "" or Yearly or Once)) errors.Add("repeat", "Clients.Dates.BadRepeat");
        if (errors.Any) return false;
        (d.Title, d.Date, d.Yearly, d.Note) = (title!, input.Date!.Value, repeat != Once, note);
        return true;
    }
}
