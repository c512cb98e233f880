using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Platform;

namespace Otdel.Features.Clients;

public sealed record ClientPage(IReadOnlyList<ClientView> Items, long? NextCursor);

/// <summary>/api/v1/clients: list and search, read, create (refusing look-alikes), change, contacts, figures, deals, merge.</summary>
public static class ClientsApi
{
    public const int MaxQuery = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var clients = api.MapGroup("/clients").WithTags("Clients");

        clients.MapGet("/", async (string? search, string? q, string? kind, long? companyId, long? ownerId, bool? keyAccount, long? kamId,
            long? cursor, int? limit, OtdelDb db, Access access, References refs, Errors errors, CancellationToken ct) =>
        {
            var text = search ?? q;
            errors.MaxLength(search is null ? "q" : "search", text, MaxQuery);
            var wanted = ClientRules.KindOf(kind);
            if (kind is not null && wanted is null) errors.Add("kind", "Clients.BadKind");
            if (companyId is { } cid) await refs.ClientAsync(cid, "companyId", ct);
            if (ownerId is { } oid) refs.Owner(oid, "ownerId");
            if (kamId is { } kid) await refs.PersonAsync(kid, "kamId", ct);
            if (errors.Any) return errors.ToFailure().ToResult();
            var found = db.Clients.VisibleTo(access).AsNoTracking();
            if (!string.IsNullOrWhiteSpace(text)) found = found.Matching(text);
            if (wanted is not null) found = found.Where(c => c.IsCompany == (wanted == ClientKind.Company));
            if (companyId is not null) found = found.Where(c => c.CompanyId == companyId);
            if (ownerId is not null) found = found.Where(c => c.OwnerId == ownerId);
            if (keyAccount is { } key) found = found.Where(c => c.IsKeyAccount == key);
            if (kamId is not null) found = found.Where(c => c.KamId == kamId);
            if (cursor is not null) found = found.Where(c => c.Id > cursor);
            var take = Math.Clamp(limit ?? 50, 1, 500);
            var rows = await found.OrderBy(c => c.Id).Take(take + 1).ToListAsync(ct);
            var items = rows.Take(take).Select(ClientView.Of).ToList();
            return Results.Ok(new ClientPage(items, rows.Count > take ? items[^1].Id : null));
        }).Produces<ClientPage>();

        clients.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Clients.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) is { } c
                ? Results.Ok(ClientView.Of(c))
                : problems.NotFound().ToResult());

        clients.MapPost("/", async (ClientInput input, CreateClient create, CancellationToken ct) =>
            (await create.Run(input, null, ct)).ToResult(c => Results.Created($"/api/v1/clients/{c.Id}", c)));

        clients.MapPatch("/{id:long}", async (long id, ClientInput input, UpdateClient update, CancellationToken ct) =>
            (await update.Run(id, input, input.Sent, ct)).ToResult(Results.Ok));

        clients.MapGet("/{id:long}/contacts", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
        {
            if (!await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == id, ct)) return problems.NotFound().ToResult();
            var list = await db.Clients.AsNoTracking().Where(c => c.CompanyId == id)
                .OrderByDescending(c => c.IsDecisionMaker).ThenBy(c => c.Name).ThenBy(c => c.Id)
                .ToListAsync(ct);
            return Results.Ok(list.Select(ClientView.Of));
        }).Produces<List<ClientView>>();

        clients.MapPost("/{id:long}/contacts", async (long id, ClientInput input, OtdelDb db, Access access, Problems problems, CreateClient create,
            CancellationToken ct) =>
        {
            // The company in the path is the record asked for: one the caller does not see is 404, as for any path id.
            if (!await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == id, ct)) return problems.NotFound().ToResult();
            // The company is the one in the path; a body naming another is refused by its field, not ignored.
            if (input.CompanyId is { } other && other != id) return problems.Bad("companyId", "Clients.OtherCompany").ToResult();
            return (await create.Run(input, id, ct)).ToResult(c => Results.Created($"/api/v1/clients/{c.Id}", c));
        });

        clients.MapGet("/{id:long}/figures", async (long id, OtdelDb db, Access access, Problems problems, IClientDeals deals, CancellationToken ct) =>
            await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == id, ct)
                ? Results.Ok(await deals.FiguresAsync(id, ct))
                : problems.NotFound().ToResult()).Produces<ClientFiguresView>();

        clients.MapGet("/{id:long}/deals", async (long id, int? limit, OtdelDb db, Access access, Problems problems, IClientDeals deals,
            CancellationToken ct) =>
            await db.Clients.VisibleTo(access).AnyAsync(c => c.Id == id, ct)
                ? Results.Ok(await deals.ListAsync(id, Math.Clamp(limit ?? 100, 1, 500), ct))
                : problems.NotFound().ToResult()).Produces<List<ClientDealRow>>();

        // A client's important dates (issue 10 item 7): whoever sees the client lists and changes them.
        clients.MapGet("/{id:long}/dates", async (long id, ClientDates dates, CancellationToken ct) =>
            (await dates.ListAsync(id, ct)).ToResult(Results.Ok)).Produces<List<ClientDateView>>();
        clients.MapPost("/{id:long}/dates", async (long id, ClientDateInput input, ClientDates dates, CancellationToken ct) =>
            (await dates.CreateAsync(id, input, ct)).ToResult(d => Results.Created($"/api/v1/clients/{id}/dates/{d.Id}", d))).Produces<ClientDateView>(201);
        clients.MapPut("/{id:long}/dates/{dateId:long}", async (long id, long dateId, ClientDateInput input, ClientDates dates, CancellationToken ct) =>
            (await dates.UpdateAsync(id, dateId, input, ct)).ToResult(Results.Ok)).Produces<ClientDateView>();
        clients.MapDelete("/{id:long}/dates/{dateId:long}", async (long id, long dateId, ClientDates dates, CancellationToken ct) =>
            (await dates.DeleteAsync(id, dateId, ct)).ToResult(_ => Results.NoContent()));

        clients.MapPost("/{id:long}/merge", async (long id, MergeInput input, MergeClients merge, CancellationToken ct) =>
            (await merge.Run(id, input, ct)).ToResult(Results.Ok));
    }
}
