using Microsoft.EntityFrameworkCore;
using Otdel.Data;
using Otdel.Features.Reports;
using Otdel.Platform;

namespace Otdel.Features.Segments;

/// <summary>/api/v1/segments: saved filters over clients — list, read, add, change, remove; members with counts, and as CSV.</summary>
public static class SegmentsApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/segments").WithTags("Segments");

        g.MapGet("/", async (OtdelDb db, Access access, CancellationToken ct) =>
        {
            var list = await db.Segments.VisibleTo(access).AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.Id).ToListAsync(ct);
            return Results.Ok(list.Select(s => SaveSegment.ViewOf(s, access)).ToList());
        }).Produces<List<SegmentView>>();

        g.MapGet("/{id:long}", async (long id, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
            await db.Segments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
                ? Results.Ok(SaveSegment.ViewOf(s, access))
                : problems.NotFound().ToResult()).Produces<SegmentView>();

        g.MapPost("/", async (SegmentInput input, SaveSegment save, CancellationToken ct) =>
            (await save.CreateAsync(input, ct)).ToResult(s => Results.Created($"/api/v1/segments/{s.Id}", s))).Produces<SegmentView>(201);

        g.MapPut("/{id:long}", async (long id, SegmentInput input, SaveSegment save, CancellationToken ct) =>
            (await save.UpdateAsync(id, input, ct)).ToResult(Results.Ok)).Produces<SegmentView>();

        g.MapDelete("/{id:long}", async (long id, SaveSegment save, CancellationToken ct) =>
            (await save.DeleteAsync(id, ct)).ToResult(_ => Results.NoContent())).Produces(204);

        g.MapGet("/{id:long}/members", async (long id, long? cursor, int? limit, OtdelDb db, Access access, Problems problems, CancellationToken ct) =>
        {
            var s = await db.Segments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (s is null) return problems.NotFound().ToResult();
            var members = SegmentMembers.Query(db, access, s.Conditions, db.UtcNow);
            var take = Math.Clamp(limit ?? 50, 1, 500);
            var rows = await SegmentMembers.PageAsync(db, access, members, cursor, take + 1, ct);
            var items = rows.Take(take).ToList();
            var counts = await SegmentMembers.CountAsync(db, access, members, ct);
            return Results.Ok(new SegmentMembersPage(s.Id, counts, items, rows.Count > take ? items[^1].Id : null));
        }).Produces<SegmentMembersPage>();

        g.MapGet("/{id:long}/members/export.csv", async (long id, OtdelDb db, Access access, Problems problems,
            Microsoft.Extensions.Localization.IStringLocalizer<Resources.Text> t,
            CancellationToken ct) =>
        {
            var s = await db.Segments.VisibleTo(access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (s is null) return problems.NotFound().ToResult();
            var members = SegmentMembers.Query(db, access, s.Conditions, db.UtcNow);
            var all = new List<SegmentMember>();
            long? after = null;
            while (true)
            {
                var page = await SegmentMembers.PageAsync(db, access, members, after, 1000, ct);
                all.AddRange(page);
                if (page.Count < 1000) break;
                after = page[^1].Id;
            }
            string[] header = [.. new[] { "Id", "Name", "Kind", "Position", "Region", "Phone", "Email", "Owner", "Revenue", "DealsWon",
                "LastPurchase", "OpenDeals", "Score" }
                .Select(h => t["Segments.Csv." + h].Value)];
            var bytes = ReportCsv.Write(header, all.Select(m => new object?[]
            {
                m.Id, m.Name, t["Segments.Kind." + m.Kind].Value, m.Position, m.Region, m.Phone, m.Email, m.OwnerName, m.Revenue, m.DealsWon,
                m.LastPurchase is { } lp ? DateOnly.FromDateTime(lp) : null, m.OpenDeals, m.Score,
            }));
            return ReportCsv.File(bytes, $"segment-{s.Id}.csv");
        }).Produces(200, contentType: "text/csv").ProducesProblem(404);
    }
}
