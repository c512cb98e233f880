using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Otdel.Data;
using Otdel.Features.Clients;
using Otdel.Features.Deals;
using Otdel.Features.Deals.Board;
using Otdel.Features.Leads;
using Otdel.Features.Pipelines;
using Otdel.Platform;

namespace Otdel.Features.Import;

/// <summary>
/// Deals from another system's export, with their past. A row needs a pipeline (name or id), a status and an owner; the
/// client is found by its name among the clients the importer sees (legal form and quotes aside) or created; the deal's
/// path is rebuilt from what an export knows — it entered every sales stage up to the one it reached when it was created
/// and left the last one when it closed (won: on into the first post-sale stage, as a win in Otdel does; lost: lost at that
/// stage). So the funnel, sales and cycle reports of the imported period read the history as the other system had it.
/// Rows are written in chunks by <see cref="BulkTable"/>, in the import's one transaction.
/// </summary>
public sealed partial class DealImport(OtdelDb db, Access? access, ImportValues values, ImportPeople people, ImportTally tally, long fileBytes) : IImportSink
{
    /// <summary>
    /// Rows read and waiting to be written outlive the garbage collections meanwhile and are copied up the generations:
    /// chunks of 1,000 rather than 5,000 took a million deals from 41 to 29 s of the process's CPU and 458 to 322 MiB. On
    /// PostgreSQL 2,500 had been kept (each COPY sets up its row slots afresh) until the writer was given a chunk ahead
    /// (<see cref="Ahead"/>): at 1,000 the import takes as long, its collections pause 0.9 s instead of 3.3–4.2 s (4 full
    /// ones instead of 24–30), its CPU falls by a sixth and its peak memory by 27 MiB.
    /// </summary>
    const int Chunk = 1000;

    /// <summary>
    /// Chunks handed to the writer before the reader waits for the oldest: with two, the writer starts the next chunk as
    /// soon as one is written instead of waiting for the reader to fill it.
    /// </summary>
    const int Ahead = 2;

    static readonly (string Column, NpgsqlDbType Type)[] DealColumns =
    [
        ("id", NpgsqlDbType.Bigint), ("title", NpgsqlDbType.Varchar), ("search_key", NpgsqlDbType.Varchar), ("client_id", NpgsqlDbType.Bigint),
        ("client_name", NpgsqlDbType.Varchar), ("amount", NpgsqlDbType.Numeric), ("currency", NpgsqlDbType.Varchar), ("pipeline_id", NpgsqlDbType.Bigint),
        ("stage_id", NpgsqlDbType.Bigint), ("owner_id", NpgsqlDbType.Bigint), ("status", NpgsqlDbType.Varchar), ("expected_close_date", NpgsqlDbType.Date),
        ("source", NpgsqlDbType.Varchar), ("products", NpgsqlDbType.Varchar), ("fields", NpgsqlDbType.Varchar),
        ("created_at", NpgsqlDbType.TimestampTz), ("stage_entered_at", NpgsqlDbType.TimestampTz), ("closed_at", NpgsqlDbType.TimestampTz),
        ("loss_reason_id", NpgsqlDbType.Bigint), ("loss_comment", NpgsqlDbType.Varchar), ("lost_at_stage_id", NpgsqlDbType.Bigint),
        ("version", NpgsqlDbType.Integer), ("external_id", NpgsqlDbType.Varchar), ("import_run_id", NpgsqlDbType.Bigint),
    ];

    static readonly BulkTable Deals = new("deals", DealColumns);

    static readonly BulkTable Visits = new("stage_visits",
        ("deal_id", NpgsqlDbType.Bigint), ("pipeline_id", NpgsqlDbType.Bigint), ("stage_id", NpgsqlDbType.Bigint), ("executor_id", NpgsqlDbType.Bigint),
        ("entered_at", NpgsqlDbType.TimestampTz), ("exited_at", NpgsqlDbType.TimestampTz), ("hours", NpgsqlDbType.Double), ("outcome", NpgsqlDbType.Varchar),
        ("is_first_entry", NpgsqlDbType.Boolean), ("advanced", NpgsqlDbType.Boolean));

    static readonly BulkTable Clients = new("clients",
        ("id", NpgsqlDbType.Bigint), ("name", NpgsqlDbType.Varchar), ("name_key", NpgsqlDbType.Varchar), ("match_key", NpgsqlDbType.Varchar),
        ("is_company", NpgsqlDbType.Boolean), ("is_decision_maker", NpgsqlDbType.Boolean), ("owner_id", NpgsqlDbType.Bigint),
        ("created_at", NpgsqlDbType.TimestampTz), ("version", NpgsqlDbType.Integer), ("is_key_account", NpgsqlDbType.Boolean),
        ("import_run_id", NpgsqlDbType.Bigint));

    static readonly BulkTable Totals = new("stage_totals",
        ("stage_id", NpgsqlDbType.Bigint), ("owner_id", NpgsqlDbType.Bigint), ("status", NpgsqlDbType.Varchar), ("pipeline_id", NpgsqlDbType.Bigint),
        ("deals", NpgsqlDbType.Bigint), ("amount", NpgsqlDbType.Numeric));

    sealed record PipelineInfo(Pipeline Pipeline, List<Stage> Sales, Stage? PostSale, List<Stage> All, List<LossReason> Reasons)
    {
        /// <summary>Stages and loss reasons by their name's key, the first of a name winning, as a search in order would find them.</summary>
        public Dictionary<string, Stage> StageByKey { get; } = All.GroupBy(s => Key(s.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public Dictionary<string, LossReason> ReasonByKey { get; } =
            Reasons.GroupBy(r => Key(r.Name)).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <param name="Hash">Of the row's external id (<see cref="ExternalIds.Hash"/>), when it has one.</param>
    sealed record Row(object?[] Deal, string? ClientKey, long? LeadId, DateTime CreatedAt, List<object?[]> Path, ulong Hash = 0);

    readonly List<Row> pending = [];
    readonly Dictionary<string, long> clients = new(StringComparer.Ordinal);
    readonly Dictionary<string, (string Name, long Owner, DateTime At)> newClients = new(StringComparer.Ordinal);
    /// <summary>Client keys the reading side knows (found or queued); <see cref="clients"/> (key → id) belongs to the writing side.</summary>
    readonly HashSet<string> knownClients = new(StringComparer.Ordinal);
    /// <summary>
    /// Chunks handed to the writer, oldest first, each write starting when the one before it ends (one connection), while
    /// the next chunk is read and checked. Their rows' ids are known to <see cref="externalIds"/> once their write is done.
    /// </summary>
    readonly Queue<(Task Write, List<Row> Rows)> inFlight = new();
    Task lastWrite = Task.CompletedTask;
    readonly ExternalIds externalIds = new();
    /// <summary>The run every created deal and client carries, boxed once.</summary>
    object? RunId => runId ??= tally.RunId == 0 ? null : tally.RunId;
    object? runId;
    /// <summary>The board totals the imported deals add, per stage, owner and status: appended at the end as the app's saves append theirs.</summary>
    readonly Dictionary<StageTotals.Key, (long Pipeline, long Deals, decimal Amount)> totals = [];
    Dictionary<string, PipelineInfo>? pipelines;
    Dictionary<string, long>? leads;

    async Task LoadAsync(CancellationToken ct)
    {
        if (pipelines is not null) return;
        var visible = access is null ? db.Pipelines.AsNoTracking() : db.Pipelines.AsNoTracking().VisibleTo(access);
        var list = await visible.Where(p => !p.IsArchived).ToListAsync(ct);
        var ids = list.Select(p => p.Id).ToList();
        var stages = await db.Stages.AsNoTracking().Where(s => ids.Contains(s.PipelineId)).ToListAsync(ct);
        var reasons = await db.LossReasons.AsNoTracking().Where(r => ids.Contains(r.PipelineId) && !r.IsArchived).ToListAsync(ct);
        pipelines = new(StringComparer.Ordinal);
        foreach (var p in list)
        {
            var all = stages.Where(s => s.PipelineId == p.Id).OrderBy(s => s.Order).ThenBy(s => s.Id).ToList();
            var info = new PipelineInfo(p, all.Where(s => s.Kind == StageKind.Sales).ToList(), all.FirstOrDefault(s => s.Kind == StageKind.PostSale), all,
                reasons.Where(r => r.PipelineId == p.Id).OrderBy(r => r.Order).ToList());
            pipelines[p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = info;
            pipelines.TryAdd(Key(p.Name), info);
        }
        var known = access is null ? db.Clients.AsNoTracking() : db.Clients.AsNoTracking().VisibleTo(access);
        foreach (var c in await known.Select(c => new { c.Id, c.MatchKey }).ToListAsync(ct))
            if (c.MatchKey.Length > 0 && clients.TryAdd(c.MatchKey, c.Id)) knownClients.Add(c.MatchKey);
        var visibleLeads = access is null ? db.Leads.AsNoTracking() : db.Leads.AsNoTracking().VisibleTo(access);
        leads = (await visibleLeads.Where(l => l.ExternalId != null).Select(l => new { l.Id, l.ExternalId }).ToListAsync(ct))
            .GroupBy(l => l.ExternalId!).ToDictionary(g => g.Key, g => g.Min(l => l.Id), StringComparer.Ordinal);
        await foreach (var d in db.Deals.AsNoTracking().Where(d => d.ExternalId != null).Select(d => new { d.Id, d.ExternalId })
                           .AsAsyncEnumerable().WithCancellation(ct))
            externalIds.Set(d.ExternalId!, d.Id);
        if (fileBytes < BigFile) return;
        externalIds.Expect(externalIds.Count + fileBytes / BytesPerRow);
        var existing = await db.Deals.CountAsync(ct);
        if (db.IsSqlite ? fileBytes / BytesPerRow >= existing / 2 : fileBytes / BytesPerRow >= existing * 10L)
            await indexes.SetAsideAsync(db, ct);
    }

    /// <summary>
    /// A file this large (about 100,000 deals) into a table not much larger is written with its indexes set aside; on
    /// PostgreSQL, where that makes the deals' readers wait for the import, only into a table a tenth of the file or less
    /// (a department arriving with its history, not a busy one adding to it).
    /// </summary>
    const long BigFile = 16L << 20;
    const long BytesPerRow = 170;
    readonly BulkIndexes indexes = new(["deals", "stage_visits"],
        keepOnPostgres: ["IX_deals_pipeline_id_owner_id", "IX_deals_owner_id_status", "IX_deals_loss_reason_id"]);

    static string Key(string s) => s.Trim().ToLowerInvariant();

    public async Task TakeAsync(int line, Dictionary<string, string> row, CancellationToken ct)
    {
        await LoadAsync(ct);
        var pipelineText = ImportValues.Get(row, "pipeline")!;
        if (!pipelines!.TryGetValue(Key(pipelineText), out var p)) throw new RowRefused(new("Import.Row.NoPipeline", pipelineText));
        var status = ImportValues.Choice<DealStatus>(row, "status")!.Value;

        var externalId = ImportValues.Text(row, "externalId", 100);
        // Seen before: the row updates that deal (if the importer sees it) rather than duplicating it.
        var hash = externalId is null ? 0 : ExternalIds.Hash(externalId);
        var existing = externalId is not null && externalIds.TryGet(hash, out var knownId) ? await ExistingAsync(externalId, knownId, ct) : null;

        Stage stage;
        if (ImportValues.Get(row, "stage") is { } stageText)
            stage = p.StageByKey.GetValueOrDefault(Key(stageText)) ?? throw new RowRefused(new("Import.Row.NoStage", stageText, p.Pipeline.Name));
        else if (p.Sales.Count == 0) throw new RowRefused(new("Import.Row.NoStage", "", p.Pipeline.Name));
        else stage = status == DealStatus.Won ? p.Sales[^1] : p.Sales[0];
        if (stage.Kind == StageKind.PostSale && status != DealStatus.Won) throw new RowRefused(new("Import.Row.PostSaleNotWon", stage.Name));
        // A won deal in a post-sale stage went through every sales stage; in a sales stage, it was won from there.
        var saleStage = stage.Kind == StageKind.PostSale ? (p.Sales.Count > 0 ? p.Sales[^1] : null) : stage;
        var postSale = status == DealStatus.Won ? (stage.Kind == StageKind.PostSale ? stage : p.PostSale) : null;

        var createdAt = values.Moment(row, "createdAt") ?? db.UtcNow;
        DateTime? closedAt = status == DealStatus.Open ? null : values.Moment(row, "closedAt") ?? createdAt;
        if (closedAt < createdAt) throw new RowRefused(new("Import.Row.ClosedBeforeCreated"));
        var amount = ImportValues.Money(row, "amount") ?? 0;
        var currency = (ImportValues.Text(row, "currency", 3) ?? "RUB").ToUpperInvariant();
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetter)) throw new RowRefused(new("Import.Row.BadCurrency", currency));
        var product = ImportValues.Text(row, "product", 4000);
        var clientName = ImportValues.Text(row, "client", 300);
        var title = ImportValues.Text(row, "title", 300) ?? MadeTitle(product, clientName, externalId, line);
        long? leadId = null;
        if (ImportValues.Text(row, "leadExternalId", 100) is { } leadExt)
            leadId = leads!.TryGetValue(leadExt, out var lid) ? lid : throw new RowRefused(new("Import.Row.NoLead", leadExt));
        long? reasonId = null;
        string? comment = null;
        if (status == DealStatus.Lost && ImportValues.Text(row, "lossReason", 2000) is { } reasonText)
        {
            var reason = p.ReasonByKey.GetValueOrDefault(Key(reasonText)) ?? p.Reasons.FirstOrDefault(r => r.IsOther);
            reasonId = reason?.Id;
            if (reason is null || reason.IsOther) comment = reasonText;
        }
        var expected = values.Date(row, "expectedCloseDate");
        // Last of the checks: a person missing is created, and a refused row must not leave one behind.
        var ownerId = await people.ResolveAsync("owner", ImportValues.Get(row, "owner")!, p.Pipeline.DepartmentId, ct, WrittenAsync);

        var clientKey = clientName is null ? null : ClientKey(clientName);
        if (clientKey is { Length: 0 }) clientKey = null;
        if (clientKey is not null && knownClients.Add(clientKey)) newClients[clientKey] = (clientName!, ownerId, createdAt);
        var path = Path(p, saleStage, postSale, status, ownerId, createdAt, closedAt);

        var finalStage = postSale ?? stage;
        var search = (title + " " + clientName).Trim().ToLowerInvariant();
        var deal = new object?[]
        {
            0L, title, search.Length > 700 ? search[..700] : search, null, clientName, amount, currency, p.Pipeline.Id, finalStage.Id, ownerId,
            StatusText[(int)status], expected, ImportValues.Text(row, "source", 100), product, "{}",
            createdAt, postSale is not null ? closedAt : createdAt, closedAt,
            reasonId, comment, status == DealStatus.Lost ? stage.Id : null, 0, externalId, RunId,
        };
        Total(new StageTotals.Key(finalStage.Id, ownerId, status), p.Pipeline.Id, 1, amount);
        if (existing is not null)
        {
            await UpdateAsync(existing, new Row(deal, clientKey, leadId, createdAt, path), ct);
            return;
        }
        // Taken only now: a refused row does not hold its id against a corrected copy later in the file.
        if (externalId is not null) externalIds.Set(hash, ExternalIds.Queued);
        pending.Add(new Row(deal, clientKey, leadId, createdAt, path, hash));
        if (pending.Count >= Chunk) await HandOffAsync(ct);
    }

    void Total(StageTotals.Key key, long pipelineId, long deals, decimal amount)
    {
        var (_, count, sum) = totals.GetValueOrDefault(key);
        totals[key] = (pipelineId, count + deals, sum + amount);
    }

    /// <summary>The stored word of each status, made once rather than per row.</summary>
    static readonly string[] StatusText = Enum.GetValues<DealStatus>().OrderBy(x => (int)x).Select(x => SnakeCase.Of(x.ToString())).ToArray();

    /// <summary>Client names as written → their match key: a file names the same clients again and again (the cache is capped).</summary>
    readonly Dictionary<string, string> clientKeys = new(StringComparer.Ordinal);

    string ClientKey(string name)
    {
        if (clientKeys.TryGetValue(name, out var key)) return key;
        key = Client.MatchKeyOf(name);
        if (clientKeys.Count < 100_000) clientKeys[name] = key;
        return key;
    }

    static string MadeTitle(string? product, string? client, string? externalId, int line)
    {
        var parts = new[] { product, client }.Where(x => x is not null).ToList();
        var t = parts.Count > 0 ? string.Join(" — ", parts) : externalId is not null ? "#" + externalId : "#" + line;
        return t.Length > 300 ? t[..300] : t;
    }

    /// <summary>The visits of an imported deal (deal id filled in at flush): see the class summary.</summary>
    static List<object?[]> Path(PipelineInfo p, Stage? saleStage, Stage? postSale, DealStatus status, long owner, DateTime created, DateTime? closed)
    {
        var visits = new List<object?[]>(4);
        if (saleStage is null) return visits;
        foreach (var s in p.Sales)
        {
            var last = s.Id == saleStage.Id;
            DateTime? exited = !last ? created : status == DealStatus.Open ? null : closed;
            string? outcome = !last ? "forward" : status switch { DealStatus.Won => "won", DealStatus.Lost => "lost", _ => null };
            double? hours = exited is { } x ? Math.Max(0, (x - created).TotalHours) : null;
            visits.Add([0L, p.Pipeline.Id, s.Id, owner, created, exited, hours, outcome, true, !last || status == DealStatus.Won]);
            if (last) break;
        }
        if (postSale is not null) visits.Add([0L, p.Pipeline.Id, postSale.Id, owner, closed, null, null, null, true, false]);
        return visits;
    }

    /// <summary>Hands the chunk read so far to the writer (it starts when the chunk before it is written) and goes back to reading.</summary>
    async Task HandOffAsync(CancellationToken ct)
    {
        while (inFlight.Count >= Ahead) await OldestWrittenAsync();
        if (pending.Count == 0 && newClients.Count == 0 && updates.Count == 0) return;
        var chunk = pending.ToList();
        var fresh = newClients.ToList();
        var (updated, changed) = (updates, paths);
        pending.Clear();
        newClients.Clear();
        (updates, paths) = ([], []);
        var before = lastWrite;
        lastWrite = Task.Run(async () =>
        {
            await before;
            await WriteAsync(chunk, fresh, updated, changed, ct);
        }, ct);
        inFlight.Enqueue((lastWrite, chunk));
    }

    async Task OldestWrittenAsync()
    {
        var (write, rows) = inFlight.Dequeue();
        await write;
        foreach (var r in rows)
            if (r.Deal[22] is not null) externalIds.Set(r.Hash, (long)r.Deal[0]!);
    }

    /// <summary>Waits for the writes in flight, whatever their outcome: the import has failed and is about to roll back.</summary>
    public async Task AbandonAsync()
    {
        try
        {
            await lastWrite;
        }
#pragma warning disable CA1031 // the import is failing already; its first error is the one reported
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }

    /// <summary>Waits for every chunk handed off: before anything else touches the connection (a person created, the end).</summary>
    async Task WrittenAsync()
    {
        while (inFlight.Count > 0) await OldestWrittenAsync();
    }

    async Task WriteAsync(List<Row> pending, List<KeyValuePair<string, (string Name, long Owner, DateTime At)>> newClients,
        Dictionary<long, object?[]> updated, Dictionary<long, List<object?[]>> changed, CancellationToken ct)
    {
        await WriteUpdatesAsync(updated, changed, ct);
        if (newClients.Count > 0)
        {
            var ids = await BulkTable.ReserveIdsAsync(db, "clients", newClients.Count, ct);
            var rows = newClients.Select((c, i) => new object?[]
            {
                ids[i], c.Value.Name, Client.KeyOf(c.Value.Name), c.Key, true, false, c.Value.Owner, c.Value.At, 0, false, RunId,
            }).ToList();
            await Clients.WriteAsync(db, rows, ct);
            foreach (var (c, i) in newClients.Select((c, i) => (c, i))) clients[c.Key] = ids[i];
            tally.Created("clients", newClients.Count);
        }
        if (pending.Count == 0) return;
        var dealIds = await BulkTable.ReserveIdsAsync(db, "deals", pending.Count, ct);
        var visits = new List<object?[]>(pending.Count * 3);
        var leadLinks = new List<object?[]>();
        for (var i = 0; i < pending.Count; i++)
        {
            var r = pending[i];
            r.Deal[0] = dealIds[i];
            if (r.ClientKey is not null) r.Deal[3] = clients[r.ClientKey];
            foreach (var v in r.Path) { v[0] = dealIds[i]; visits.Add(v); }
            if (r.LeadId is { } lead) leadLinks.Add([dealIds[i], r.Deal[3], r.CreatedAt, lead, RunId]);
        }
        await Deals.WriteAsync(db, pending.Select(r => r.Deal).ToList(), ct);
        await Visits.WriteAsync(db, visits, ct);
        await BulkTable.ExecuteEachAsync(db, ConvertLeadSql, leadLinks, ct);
    }

    /// <summary>
    /// The lead a deal came from is converted into it, so the channel and the hunter are credited with the deal; its state
    /// before (the first this run met) is kept for the run's undo, with how many times the run changed it.
    /// </summary>
    const string ConvertLeadSql =
        "INSERT INTO import_lead_states (run_id, lead_id, deal_id, client_id, status, converted_at, version, times) "
        + "SELECT $p4, id, deal_id, client_id, status, converted_at, version, 1 FROM leads WHERE id = $p3 AND (deal_id IS NULL OR deal_id <> $p0) "
        + "ON CONFLICT (run_id, lead_id) DO UPDATE SET times = import_lead_states.times + 1; "
        + "UPDATE leads SET deal_id = $p0, client_id = COALESCE($p1, client_id), status = 'converted', converted_at = COALESCE(converted_at, $p2), "
        + "version = version + 1 WHERE id = $p3 AND (deal_id IS NULL OR deal_id <> $p0)";

    public async Task FinishAsync(CancellationToken ct)
    {
        await HandOffAsync(ct);
        await WrittenAsync();
        await indexes.RestoreAsync(db, ct);
        await Totals.WriteAsync(db, totals.Select(t => new object?[]
        {
            t.Key.StageId, t.Key.OwnerId, StatusText[(int)t.Key.Status], t.Value.Pipeline, t.Value.Deals, t.Value.Amount,
        }).ToList(), ct);
    }
}
