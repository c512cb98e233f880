using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Otdel.Data;
using Otdel.Features.Audit;
using Otdel.Platform;
using Otdel.Resources;

namespace Otdel.Features.Clients.Pages;

/// <summary>One line of a client's history.</summary>
public sealed record ClientHistoryLine(DateTime At, string Kind, string Text, string? Who);

/// <summary>Everything the client page shows: details, contacts, deals, figures, look-alikes and history.</summary>
public sealed class ClientCard
{
    public required Client Client { get; init; }
    public Client? Company { get; init; }
    public string? OwnerName { get; init; }
    /// <summary>The key account manager's name, when the client is a key account.</summary>
    public string? KamName { get; init; }
    public required List<Client> Contacts { get; init; }
    public required List<ClientDealRow> Deals { get; init; }
    public required ClientFiguresView Figures { get; init; }
    public required List<DuplicateView> LookAlikes { get; init; }
    public required List<ClientHistoryLine> History { get; init; }
    public required List<(long Id, string Name)> Owners { get; init; }

    public const int DealsShown = 100;

    public static async Task<ClientCard?> LoadAsync(OtdelDb db, Access access, IClientDeals deals, ClientMatches matches, IStringLocalizer<Text> t, long id,
        CancellationToken ct)
    {
        var c = await db.Clients.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var company = c.CompanyId is { } cid ? await db.Clients.AsNoTracking().FirstOrDefaultAsync(x => x.Id == cid, ct) : null;
        var contacts = await db.Clients.AsNoTracking().Where(x => x.CompanyId == id)
            .OrderByDescending(x => x.IsDecisionMaker).ThenBy(x => x.Name).ThenBy(x => x.Id).ToListAsync(ct);
        var owners = await Organisation.Assignable.PeopleAsync(db, access, ct);
        var ownerName = c.OwnerId is { } oid ? await db.Users.Where(u => u.Id == oid).Select(u => u.FullName).FirstOrDefaultAsync(ct) : null;
        var kamName = c.KamId is { } kid ? await db.Users.Where(u => u.Id == kid).Select(u => u.FullName).FirstOrDefaultAsync(ct) : null;
        var audit = await AuditApi.HistoryAsync(db, Client.AuditName, id, 200, ct);
        return new ClientCard
        {
            Client = c, Company = company, OwnerName = ownerName, KamName = kamName, Contacts = contacts,
            Deals = await deals.ListAsync(id, DealsShown, ct), Figures = await deals.FiguresAsync(id, ct),
            LookAlikes = await matches.FindAsync(c, ct), History = Timeline(audit, t),
            Owners = owners,
        };
    }

    /// <summary>The audit rows as sentences; one save's field rows (same moment, same person) read as one line.</summary>
    static List<ClientHistoryLine> Timeline(List<AuditView> audit, IStringLocalizer<Text> t)
    {
        var lines = new List<ClientHistoryLine>();
        var edits = new Dictionary<(DateTime, string?), List<string>>();
        foreach (var a in audit)
        {
            switch (a.Action)
            {
                case "created":
                    lines.Add(new(a.At, "created", t["Clients.History.Created"], a.UserName));
                    break;
                case "merged":
                    var moved = Moved(a.NewValue);
                    lines.Add(new(a.At, "merged", t["Clients.History.Merged", a.OldValue ?? "?", moved.Deals, moved.Contacts], a.UserName));
                    break;
                case "updated":
                    var label = t["Clients.Field." + a.Field];
                    var text = t["Clients.History.Field", label.ResourceNotFound ? a.Field ?? "" : label.Value,
                        Shown(a.Field, a.OldValue, t), Shown(a.Field, a.NewValue, t)];
                    if (!edits.TryGetValue((a.At, a.UserName), out var same)) edits[(a.At, a.UserName)] = same = [];
                    same.Insert(0, text);
                    break;
                default:
                    lines.Add(new(a.At, a.Action, a.Action, a.UserName));
                    break;
            }
        }
        foreach (var ((at, who), texts) in edits) lines.Add(new(at, "field", string.Join("; ", texts), who));
        return lines.OrderByDescending(l => l.At).ToList();
    }

    static string Shown(string? field, string? value, IStringLocalizer<Text> t) => value switch
    {
        null => "—",
        "true" when field is "isDecisionMaker" or "isKeyAccount" => t["Common.Yes"],
        "false" when field is "isDecisionMaker" or "isKeyAccount" => t["Common.No"],
        _ when field == "birthday" && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            => RuInput.Date(d),
        _ when field == "size" => t["Clients.Size." + value],
        _ => value.Replace('\n', ','),
    };

    static (int Deals, int Contacts) Moved(string? json)
    {
        try
        {
            var e = JsonSerializer.Deserialize<JsonElement>(json ?? "{}");
            return (e.TryGetProperty("deals", out var d) ? d.GetInt32() : 0, e.TryGetProperty("contacts", out var c) ? c.GetInt32() : 0);
        }
        catch (JsonException)
        {
            return (0, 0);
        }
    }
}
