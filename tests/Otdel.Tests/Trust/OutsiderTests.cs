using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Otdel.Tests.Infrastructure;
using Xunit.Abstractions;
using static Otdel.Tests.Trust.Probing;

namespace Otdel.Tests.Trust;

/// <summary>
/// Every operation of /openapi/v1.json and every page, tried by people of another department (a seller and their head)
/// against department A's records: without credentials it is 401 (pages: the sign-in page); with A's ids it is 404
/// (or 400 naming the id, or 403 where the role may never do the thing); with A's ids inside a body it is refused naming
/// the field; and no answer ever carries A's distinctive texts or its amount. The operations come from the document,
/// the pages from the app's endpoints: a new endpoint without a sample here fails the test.
/// </summary>
public abstract class OutsiderTests(TestApp app, ITestOutputHelper output)
{
    /// <summary>
    /// Operations anyone may call without credentials, and why. Who calls them makes no difference, so the outsiders'
    /// probes of them are the anonymous one: it must leak nothing of A (the answer says only that the post was taken).
    /// </summary>
    static readonly Dictionary<string, string> AnonymousOperations = new()
    {
        ["POST /api/v1/forms/{formKey}"] = "the public web form: a site's visitors post it; the form key is public, posts are limited per address",
    };

    /// <summary>Pages anyone may open, and why.</summary>
    static readonly Dictionary<string, string> AnonymousPages = new()
    {
        ["/login"] = "the sign-in form itself",
        ["/login/forgot"] = "asking for a password link: answers the same for any address",
        ["/login/reset"] = "setting a new password through an e-mailed one-time link",
        ["/Error"] = "the error page renders for anyone (it shows no data)",
    };

    /// <summary>
    /// Where a 403 is a fair answer: the caller's role may never do this, whatever the ids (so it tells nothing about A).
    /// Key "role|METHOD /path" for a whole operation, "role|METHOD /path|field" for one body field of it.
    /// Everywhere else a record of another department is simply not there: 404.
    /// </summary>
    static readonly Dictionary<string, string> MayRefuse = new()
    {
        // Opening departments is for company-wide roles (admin, CEO, commercial director) only.
        ["seller|POST /api/v1/departments"] = "only company-wide roles open departments",
        ["head|POST /api/v1/departments"] = "only company-wide roles open departments",
        // The structure is the heads' business: sellers never rename departments, build teams or add people.
        ["seller|PUT /api/v1/departments/{id}"] = "only heads rename their department",
        ["seller|POST /api/v1/teams"] = "only heads build teams",
        ["seller|PUT /api/v1/teams/{id}"] = "only heads change teams",
        ["seller|POST /api/v1/users"] = "only heads add people",
        // Imports write records for many owners at once: heads of sales and administrators only.
        ["seller|POST /api/v1/import/deals"] = "only heads import",
        ["seller|POST /api/v1/import/leads"] = "only heads import",
        ["seller|POST /api/v1/import/clients"] = "only heads import",
        ["seller|POST /api/v1/import/contacts"] = "only heads import",
        ["seller|POST /api/v1/import/people"] = "only heads import",
        ["seller|POST /api/v1/import/deals/preview"] = "only heads import",
        ["seller|POST /api/v1/import/leads/preview"] = "only heads import",
        ["seller|POST /api/v1/import/clients/preview"] = "only heads import",
        ["seller|POST /api/v1/import/contacts/preview"] = "only heads import",
        ["seller|POST /api/v1/import/people/preview"] = "only heads import",
        ["seller|GET /api/v1/import/runs"] = "only heads import",
        ["seller|GET /api/v1/import/runs/{id}"] = "only heads import",
        ["seller|GET /api/v1/import/runs/{id}/rejected.csv"] = "only heads import",
        ["seller|POST /api/v1/import/runs/{id}/undo"] = "only heads import",
        ["seller|GET /api/v1/import/profiles"] = "only heads import",
        ["seller|POST /api/v1/import/profiles"] = "only heads import",
        ["seller|DELETE /api/v1/import/profiles/{id}"] = "only heads import",
        // Key accounts are marked by heads of sales (and company-wide roles), not by sellers, even on their own clients.
        ["seller|POST /api/v1/clients/{id}/key-account"] = "only heads mark key accounts",
        ["seller|DELETE /api/v1/clients/{id}/key-account"] = "only heads mark key accounts",
        ["seller|POST /api/v1/clients/key-accounts"] = "only heads mark key accounts",
        ["seller|PUT /api/v1/users/{id}"] = "PUT rewrites position and place in the structure, which a seller never changes",
        ["seller|PATCH /api/v1/users/{id}|teamId"] = "a seller never changes their own place in the structure",
        ["seller|PATCH /api/v1/users/{id}|managerId"] = "a seller never changes their own place in the structure",
        ["seller|PATCH /api/v1/users/{id}|departmentId"] = "a seller never changes their own place in the structure",
        // A seller names deputies for themselves only.
        ["seller|POST /api/v1/deputies|principalId"] = "a seller names deputies for themselves only",
        // Pipelines, their stages, fields and refusal reasons are edited by heads only.
        ["seller|POST /api/v1/pipelines"] = "only heads edit pipelines",
        ["seller|PUT /api/v1/pipelines/{id}"] = "only heads edit pipelines",
        ["seller|POST /api/v1/pipelines/{id}/stages"] = "only heads edit pipelines",
        ["seller|PUT /api/v1/pipelines/{id}/stages/{stageId}"] = "only heads edit pipelines",
        ["seller|DELETE /api/v1/pipelines/{id}/stages/{stageId}"] = "only heads edit pipelines",
        ["seller|POST /api/v1/pipelines/{id}/fields"] = "only heads edit pipelines",
        ["seller|PUT /api/v1/pipelines/{id}/fields/{fieldId}"] = "only heads edit pipelines",
        ["seller|DELETE /api/v1/pipelines/{id}/fields/{fieldId}"] = "only heads edit pipelines",
        ["seller|POST /api/v1/loss-reasons"] = "only heads edit pipelines",
        ["seller|PUT /api/v1/loss-reasons/{id}"] = "only heads edit pipelines",
        ["seller|DELETE /api/v1/loss-reasons/{id}"] = "only heads edit pipelines",
        // Plans are set by heads and team leads; the production calendar is the company's (company-wide roles only).
        ["seller|POST /api/v1/plans"] = "sellers do not set plans",
        ["seller|PUT /api/v1/plans/{id}"] = "sellers do not change plans",
        ["seller|PUT /api/v1/calendar/days"] = "only company-wide roles mark the company's calendar",
        ["head|PUT /api/v1/calendar/days"] = "only company-wide roles mark the company's calendar",
        // Channels, their campaigns and spend are the heads' (marketing money); sellers read them.
        ["seller|POST /api/v1/channels"] = "only heads keep channels",
        ["seller|PUT /api/v1/channels/{id}"] = "only heads keep channels",
        ["seller|POST /api/v1/channels/{id}/campaigns"] = "only heads keep channels",
        ["seller|PUT /api/v1/channels/{id}/spend"] = "only heads keep channels",
        ["seller|PUT /api/v1/departments/{id}/calendar"] = "only heads set their department's calendar",
        ["seller|PUT /api/v1/lead-scoring"] = "only heads keep their department's scoring rules",
        ["seller|PUT /api/v1/reports/response-time/target"] = "only heads set their department's response-time target",
        ["seller|PUT /api/v1/duty"] = "only heads set their department's duty roster",
        ["seller|PUT /api/v1/notifications/date-reminders"] = "only heads set how many days ahead their department hears of clients' dates",
        ["seller|POST /api/v1/automation/rules"] = "only heads write their department's automation rules",
        ["seller|PUT /api/v1/automation/rules/{id}"] = "only heads write their department's automation rules",
        ["seller|DELETE /api/v1/automation/rules/{id}"] = "only heads write their department's automation rules",
    };

    sealed record Caller(string Role, HttpClient Api, World Own);

    enum Expect { Hidden, Open, Refused }

    [Fact]
    public async Task No_operation_of_the_api_lets_an_outsider_see_or_touch_another_departments_records()
    {
        var doc = await OpenApiDoc.LoadAsync(app.Client());
        var a = await TrustSetup.DepartmentAAsync(app);
        var b = await TrustSetup.DepartmentBAsync(app);
        var sellerApi = app.Client(b.SellerToken);
        var headApi = app.Client(b.HeadToken);
        Caller[] callers =
        [
            new("seller", sellerApi, b.As(b.Seller, b.Seller, b.SellerEmail, sellerApi)),
            new("head", headApi, b.As(b.HeadId, b.Other, b.OtherEmail, headApi)),
        ];
        var anonymous = app.Client();
        // The detector itself: A's own view of its deal shows the texts and the amount it must find anywhere else.
        var own = await SendAsync(a.Head, "GET", $"/api/v1/deals/{a.Deal}", null);
        Assert.Equal(a.Secrets[0], Leaks.Find(a, own.Response, own.Body));
        Assert.Equal("987654.32", Leaks.Find(a, own.Response, own.Body.Replace(a.Secrets[0], "").Replace($"SECRET-CLIENT-{a.Tag}", "").Replace($"SECRET-VALUE-{a.Tag}", "").Replace(a.FieldKey, "")));
        var failures = new List<string>();
        var covered = new List<ApiOp>();
        var requests = 0;

        foreach (var op in doc.Operations)
        {
            if (!Samples.All.TryGetValue(op.Key, out var sample))
            {
                failures.Add($"{op.Key}: no sample in Trust/Samples.cs — every operation must be probed before it ships");
                continue;
            }
            var problems = SampleProblems(op, sample);
            if (problems.Count > 0) { failures.AddRange(problems); continue; }
            covered.Add(op);
        }

        // Reads first, then writes, deletes last: a write wrongly let through must not hide what a later probe would find.
        var ordered = covered.OrderBy(o => o.Method switch { "GET" => 0, "DELETE" => 2, _ => 1 }).ToList();

        // (a) Without credentials: 401 as problem details.
        foreach (var op in ordered)
        {
            var sample = Samples.All[op.Key];
            var (url, content) = await Request(op, sample, sample.Queries[0], a, b, a);
            var ans = await SendAsync(anonymous, op.Method, url, content);
            requests++;
            Leak(failures, "anonymous", op, url, ans, a);
            if (AnonymousOperations.ContainsKey(op.Key)) continue;
            if (ans.Status != 401) failures.Add($"anonymous {op.Method} {url}: expected 401, got {ans.Status}: {ans.Snippet()}");
            else if (ans.MediaType != "application/problem+json") failures.Add($"anonymous {op.Method} {url}: 401 is not problem+json ({ans.MediaType})");
        }

        // (b) An outsider naming A's records in the path and the query, with an otherwise valid body of their own.
        foreach (var caller in callers)
            foreach (var op in ordered.Where(o => !AnonymousOperations.ContainsKey(o.Key)))
            {
                var sample = Samples.All[op.Key];
                foreach (var query in sample.Queries)
                {
                    var (url, content) = await Request(op, sample, query, a, caller.Own, a);
                    var ans = await SendAsync(caller.Api, op.Method, url, content);
                    requests++;
                    var named = op.PathParams.Select(p => p.Name).Concat(query.Where(kv => Samples.NamesRecord(kv.Value)).Select(kv => kv.Key)).ToList();
                    Judge(failures, caller, op, url, ans, a, named.Count > 0 ? Expect.Hidden : Expect.Open, named, null);
                }
            }

        // (c) An outsider naming A's records inside the body of an operation on their own records.
        var withRefs = new List<(Caller Caller, ApiOp Op, string Field, string Kind)>();
        foreach (var caller in callers)
            foreach (var op in ordered.Where(o => o.Body is { IsJson: true } && !AnonymousOperations.ContainsKey(o.Key)))
                foreach (var (field, kind) in ReferenceFields(doc, op, Samples.All[op.Key], failures))
                    withRefs.Add((caller, op, field, kind));
        // People last: a change to the caller's own place in the structure, wrongly let through, would colour later answers.
        foreach (var (caller, op, field, kind) in withRefs.OrderBy(x => x.Op.Path.Contains("/users") || x.Op.Path.Contains("/deputies")))
        {
            var sample = Samples.All[op.Key];
            var (url, content) = await Request(op, sample, sample.Queries[0], caller.Own, caller.Own, caller.Own, body => body[field] = a.Id(kind), fresh: true);
            var ans = await SendAsync(caller.Api, op.Method, url, content);
            requests++;
            Judge(failures, caller, op, url, ans, a, Expect.Refused, [field], field, a.Id(kind));
        }

        failures.AddRange(await Untouched(a));
        Say(output, $"outsider: {covered.Count} operations covered of {doc.Operations.Count} in /openapi/v1.json " +
            $"({requests} requests: anonymous, {callers.Length} outsider roles × A's ids in path/query, {withRefs.Count} body references to A's records)");
        Report(output, "outsider (api)", failures);
        Assert.Equal(doc.Operations.Count, covered.Count);
    }

    [Fact]
    public async Task No_page_shows_an_outsider_another_departments_records()
    {
        var a = await TrustSetup.DepartmentAAsync(app);
        var b = await TrustSetup.DepartmentBAsync(app);
        var callers = new[]
        {
            ("seller", await Browserless.SignInAsync(app, b.SellerEmail)),
            ("head", await Browserless.SignInAsync(app, b.HeadEmail)),
        };
        var anonymous = Browserless.Anonymous(app);
        // The detector itself: A's head sees the deal's page with its title and the amount as the page formats it.
        var aHead = await Browserless.SignInAsync(app, a.HeadEmail);
        var own = await SendAsync(aHead, "GET", $"/deals/{a.Deal}", null);
        Assert.Equal(200, own.Status);
        Assert.NotNull(Leaks.Find(a, own.Response, own.Body));
        var withoutTexts = a.Secrets.Aggregate(own.Body, (body, secret) => body.Replace(secret, "", StringComparison.OrdinalIgnoreCase));
        Assert.True(Leaks.Find(a, own.Response, withoutTexts) is not null, "the amount 987 654,32 as the deal page shows it is not recognised by the leak detector");
        var failures = new List<string>();
        var pages = await PageRoutes(failures);
        var probes = new List<PageProbe>();
        foreach (var page in pages) probes.AddRange(PageProbes(page, a, failures));
        var requests = 0;

        foreach (var p in probes.Where(p => p.Method == "GET"))
        {
            var anon = await SendAsync(anonymous, "GET", p.Url, null);
            requests++;
            Leak(failures, "anonymous page", null, p.Url, anon, a);
            if (!AnonymousPages.ContainsKey(p.Route) && !(anon.Status == 302 && anon.Response.Headers.Location?.OriginalString.Contains("/login") == true))
                failures.Add($"anonymous GET {p.Url}: expected a redirect to /login, got {anon.Status} {anon.Response.Headers.Location}");
        }
        foreach (var (role, client) in callers)
        {
            var home = await SendAsync(client, "GET", "/", null);
            var token = Browserless.AntiforgeryToken(home.Body);
            foreach (var p in probes.OrderBy(p => p.Method == "POST"))
            {
                HttpContent? content = null;
                if (p.Method == "POST")
                {
                    if (token is null) { failures.Add($"{role}: no anti-forgery token on / to post forms with"); break; }
                    var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
                    foreach (var (k, v) in p.Form) form.Add(new StringContent(v), k);
                    if (p.File is { } file) form.Add(new ByteArrayContent("%PDF-1.4 проба"u8.ToArray()), file, "КП.pdf");
                    content = form;
                }
                var ans = await SendAsync(client, p.Method, p.Url, content);
                requests++;
                Leak(failures, role, null, $"{p.Method} {p.Url}", ans, a);
                if (AnonymousPages.ContainsKey(p.Route)) continue; // the error page answers the status it shows (500 by default)
                if (ans.Status >= 500) failures.Add($"{role} {p.Method} {p.Url}: {ans.Status}");
                else if (p.NamesA && !(ans.Status is 404 or 403 || (ans.Status == 400 && p.FormOnly)))
                    failures.Add($"{role} {p.Method} {p.Url}: a page about A's record answered {ans.Status} {ans.Response.Headers.Location}, expected 404 (or 403{(p.FormOnly ? ", or 400 refusing the form" : "")})");
            }
        }
        failures.AddRange(await Untouched(a));
        Say(output, $"outsider pages: {pages.Count} pages, {probes.Count} page handlers × ids covered ({requests} requests: anonymous and {callers.Length} outsider roles)");
        Report(output, "outsider (pages)", failures);
    }

    // ---- operations ----

    /// <summary>What the sample must say for the probes to be meaningful: path ids of known kinds, every id-like query parameter filled.</summary>
    static List<string> SampleProblems(ApiOp op, Sample sample)
    {
        var list = new List<string>();
        foreach (var p in op.PathParams)
            if (Samples.PathKind(op, p.Name) is null)
                list.Add($"{op.Key}: cannot tell what kind of record path parameter {{{p.Name}}} names; add its collection to Samples.Collections");
        foreach (var q in op.QueryParams.Where(q => q.Type.Format == "int64" || q.Name.EndsWith("Id") || q.Name == "id"))
            if (!sample.Queries.Any(v => v.ContainsKey(q.Name)))
                list.Add($"{op.Key}: the sample never fills query parameter '{q.Name}'");
        foreach (var v in sample.Queries)
            foreach (var t in v.Values.Where(Samples.NamesRecord))
                if (t.StartsWith("{unknown:"))
                    list.Add($"{op.Key}: the audit keeps '{t[9..^1]}' records; add their kind to Samples.AuditedKinds");
        if (op.Body is { IsJson: true } && sample.Body is null) list.Add($"{op.Key}: the operation takes a JSON body; the sample has none");
        if (op.Body is { IsForm: true } && sample.Form is null) list.Add($"{op.Key}: the operation takes a form; the sample has none");
        return list;
    }

    /// <summary>Body fields naming records (int64 "…Id" properties of the body's schema), with the kind of record each names.</summary>
    static IEnumerable<(string Field, string Kind)> ReferenceFields(OpenApiDoc doc, ApiOp op, Sample sample, List<string> failures)
    {
        var schema = op.Body!.Undescribed && sample.Describes is { } name
            ? doc.Read(JsonDocument.Parse($"{{\"$ref\":\"#/components/schemas/{name}\"}}").RootElement)
            : op.Body.Schema;
        foreach (var (field, type) in schema.Properties ?? new Dictionary<string, FieldType>())
        {
            if (!(field.EndsWith("Id") && type.Primary == "integer")) continue;
            if (Samples.References.TryGetValue($"{op.Key}|{field}", out var kind) || Samples.References.TryGetValue(field, out kind))
                yield return (field, kind);
            else failures.Add($"{op.Key}: body field '{field}' names a record of an unknown kind; add it to Samples.References");
        }
    }

    /// <summary>
    /// The URL and body of one probe: path ids from <paramref name="pathWorld"/> (a fresh deal of the caller when asked),
    /// query from <paramref name="queryWorld"/>, body references from <paramref name="bodyWorld"/>.
    /// </summary>
    static async Task<(string Url, HttpContent? Content)> Request(ApiOp op, Sample sample, IReadOnlyDictionary<string, string> query,
        World pathWorld, World bodyWorld, World queryWorld, Action<JsonObject>? change = null, bool fresh = false)
    {
        var ids = new Dictionary<string, long>();
        var words = new Dictionary<string, string>();
        foreach (var p in op.PathParams)
        {
            var kind = Samples.PathKind(op, p.Name)!;
            if (kind == "form") words[p.Name] = pathWorld.FormKey;
            else ids[p.Name] = fresh && kind == "deal" ? (await pathWorld.FreshDealAsync()).Id : pathWorld.Id(kind);
        }
        var url = op.Fill(ids, words) + Query(query.ToDictionary(kv => kv.Key, kv => Samples.Resolve(kv.Value, queryWorld)));
        HttpContent? content = null;
        if (sample.Body is not null)
        {
            var body = sample.Body(bodyWorld);
            if (sample.VersionOf is { } of && await pathWorld.VersionAsync(Fill(of, ids)) is { } version) body["version"] = version;
            change?.Invoke(body);
            content = JsonContent(body);
        }
        else if (sample.Form is not null) content = Form(sample.Form(bodyWorld));
        return (url, content);
    }

    static string Fill(string template, IReadOnlyDictionary<string, long> ids) =>
        ids.Aggregate(template, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value.ToString()));

    static void Judge(List<string> failures, Caller caller, ApiOp op, string url, Answer ans, World a, Expect expect, List<string> named, string? field, long? foreignId = null)
    {
        var who = $"{caller.Role} {op.Method} {url}";
        Leak(failures, caller.Role, op, url, ans, a);
        if (ans.Status >= 500) { failures.Add($"{who}: {ans.Status}: {ans.Snippet()}"); return; }
        if (ans.Status == 401) { failures.Add($"{who}: 401 for a signed-in caller"); return; }
        if (ans.Status == 403)
        {
            if (!MayRefuse.ContainsKey($"{caller.Role}|{op.Key}") && !(field is not null && MayRefuse.ContainsKey($"{caller.Role}|{op.Key}|{field}")))
                failures.Add($"{who}{(field is null ? "" : $" ({field} = A's)")}: 403, but a {caller.Role} may do this to their own records — another department's record must be 404");
            return;
        }
        if (ans.Status >= 400 && ans.MediaType != "application/problem+json")
            failures.Add($"{who}: {ans.Status} is not problem+json ({ans.MediaType}): {ans.Snippet()}");
        switch (expect)
        {
            case Expect.Hidden:
                if (ans.Status == 404) return;
                if (ans.Status == 400 && named.Any(ans.Names)) return;
                failures.Add($"{who}: names A's records ({string.Join(", ", named)}) but answered {ans.Status}, expected 404 (or 400 naming it): {ans.Snippet()}");
                break;
            case Expect.Refused:
                if (ans.Status == 404) return;
                if (ans.Status == 400 && ans.Names(field!)) return;
                var applied = ans.Status < 300 && foreignId is { } fid && ans.Body.Contains($"\"{field}\":{fid}", StringComparison.OrdinalIgnoreCase);
                failures.Add($"{who}: body {field} = A's record answered {ans.Status}{(ans.Status < 300 ? applied ? " and took it" : " (ignored it)" : "")}, expected 400 naming {field} or 404: {ans.Snippet()}");
                break;
            case Expect.Open:
                break;
        }
    }

    static void Leak(List<string> failures, string who, ApiOp? op, string url, Answer ans, World a)
    {
        if (Leaks.Find(a, ans.Response, ans.Body) is { } secret)
            failures.Add($"{who} {op?.Method ?? ""} {url}: LEAK of A's \"{secret}\" ({ans.Status}): {Around(ans.Body, secret)}");
    }

    static string Around(string body, string secret)
    {
        var at = body.IndexOf(secret, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return body.Length > 160 ? body[..160] + "…" : body;
        var from = Math.Max(0, at - 80);
        return "…" + body.Substring(from, Math.Min(body.Length - from, 200)).Replace('\n', ' ') + "…";
    }

    /// <summary>After all the probing, A's records are as A left them.</summary>
    static async Task<List<string>> Untouched(World a)
    {
        var list = new List<string>();
        var deal = await a.Head.GetAsync($"/api/v1/deals/{a.Deal}");
        var text = await deal.Content.ReadAsStringAsync();
        if (!deal.IsSuccessStatusCode || !text.Contains(a.Secrets[0]) || !text.Contains("987654.32") || !text.Contains($"\"stageId\":{a.Stage2}") || !text.Contains($"\"ownerId\":{a.Seller}"))
            list.Add($"A's deal changed under the outsiders' probes: {text}");
        var p = await a.Head.GetAsync($"/api/v1/pipelines/{a.Pipeline}");
        var pt = await p.Content.ReadAsStringAsync();
        foreach (var s in new[] { $"SECRET-PIPELINE-{a.Tag}", $"SECRET-STAGE-{a.Tag}", $"SECRET-FIELD-{a.Tag}", $"SECRET-REASON-{a.Tag}" })
            if (!pt.Contains(s)) list.Add($"A's pipeline lost \"{s}\" under the outsiders' probes");
        var users = await a.Head.GetAsync($"/api/v1/users/{a.Seller}");
        var ut = await users.Content.ReadAsStringAsync();
        if (!ut.Contains($"SECRET-PERSON-{a.Tag}") || !ut.Contains($"\"departmentId\":{a.Department}") || !ut.Contains($"\"teamId\":{a.Team}"))
            list.Add($"A's seller changed under the outsiders' probes: {ut}");
        var atts = await a.Head.GetAsync($"/api/v1/deals/{a.Deal}/attachments");
        if (!(await atts.Content.ReadAsStringAsync()).Contains($"SECRET-FILE-{a.Tag}")) list.Add("A's attachment is gone after the outsiders' probes");
        var deps = await a.Head.GetAsync($"/api/v1/deputies?principalId={a.HeadId}");
        if (!(await deps.Content.ReadAsStringAsync()).Contains($"SECRET-DEPUTY-{a.Tag}")) list.Add("A's deputy is gone after the outsiders' probes");
        return list;
    }

    // ---- pages ----

    sealed record PageRoute(string Route, RouteEndpoint Endpoint, CompiledPageActionDescriptor Page);

    /// <summary>A page request; <see cref="NamesA"/>: it asks for A's record (404/403 expected); <see cref="FormOnly"/>: A's ids are only in the posted form.</summary>
    sealed record PageProbe(string Route, string Method, string Url, bool NamesA, IReadOnlyDictionary<string, string> Form, string? File, bool FormOnly = false);

    async Task<List<PageRoute>> PageRoutes(List<string> failures)
    {
        var loader = app.App.Services.GetRequiredService<PageLoader>();
        var list = new List<PageRoute>();
        var endpoints = ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();
        foreach (var e in endpoints)
        {
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is not { } pad) continue;
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            if (list.Any(p => p.Route == route)) continue;
            var compiled = await loader.LoadAsync(pad, e.Metadata);
            list.Add(new PageRoute(route, e, compiled));
        }
        if (list.Count == 0) failures.Add("no Razor page found among the app's endpoints");
        return list;
    }

    /// <summary>Query and form parameters of pages: what record each names. "route|name" entries win over plain names.</summary>
    static readonly Dictionary<string, string> PageParamKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["stageId"] = "stage", ["fileId"] = "attachment", ["pipelineId"] = "pipeline", ["teamId"] = "team", ["ownerId"] = "seller",
        ["owner"] = "seller", ["team"] = "team", ["added"] = "seller", ["addedTeam"] = "team", ["reasonId"] = "lossReason",
        ["deputyId"] = "deputy", ["departmentId"] = "department", ["leadId"] = "seller", ["headId"] = "seller", ["moveTo"] = "stage2",
        ["/team/departments|added"] = "department", ["otherId"] = "client", ["channelId"] = "channel",
        ["sellerId"] = "seller", ["targetId"] = "team", ["dealId"] = "deal", ["taskId"] = "task", ["clientId"] = "client",
        ["profileId"] = "importProfile", ["kamId"] = "seller", ["paymentId"] = "payment", ["assigneeId"] = "seller",
        ["dateId"] = "clientDate",
        ["/plans/fact|planId"] = "plan", ["/plans/fact|userId"] = "seller", ["/plans/today|userId"] = "seller",
        ["/reports/working-day|userId"] = "seller",
        ["/settings/automation|edit"] = "rule", ["/settings/automation|id"] = "rule",
        ["/import|id"] = "importRun",
    };

    /// <summary>Page parameters that name no record (free text, periods, paging, flags).</summary>
    static readonly HashSet<string> PagePlainParams = new(StringComparer.OrdinalIgnoreCase)
    {
        "cursor", "done", "view", "period", "from", "to", "source", "min", "max", "returnUrl", "code", "q", "name", "value", "field",
        "version", "comment", "overrideReason", "kind", "active", "archived", "to", "index", "template", "handoffRule", "stageName",
        "stageGroup", "reasonName", "reasonIsOther", "email", "password", "title", "due", "result",
    };

    List<PageProbe> PageProbes(PageRoute page, World a, List<string> failures)
    {
        var probes = new List<PageProbe>();
        var route = page.Route;
        var path = route;
        var routeIds = false;
        foreach (var param in page.Endpoint.RoutePattern.Parameters)
        {
            var segments = route.Split('/');
            var at = Array.FindIndex(segments, s => s.StartsWith("{" + param.Name + ":") || s == "{" + param.Name + "}");
            var kind = at > 0 && Samples.Collections.TryGetValue(segments[at - 1], out var k) ? k : null;
            if (kind is null) { failures.Add($"page {route}: cannot tell what route parameter {param.Name} names"); return probes; }
            path = path.Replace(segments[at], a.Id(kind).ToString());
            routeIds = true;
        }
        // The page's own kind of record, for a handler's "id" on a page whose route has none (/deals?handler=card&id=…).
        var resource = route.Split('/').Reverse().Select(s => Samples.Collections.GetValueOrDefault(s)).FirstOrDefault(k => k is not null);

        string? KindOf(string name, Type type)
        {
            if (PageParamKinds.TryGetValue(route + "|" + name, out var k)) return k;
            if (name.Equals("id", StringComparison.OrdinalIgnoreCase)) return resource;
            if (PageParamKinds.TryGetValue(name, out k)) return k;
            return null;
        }

        var bound = page.Page.BoundProperties.OfType<PageBoundPropertyDescriptor>().ToList();
        foreach (var h in page.Page.HandlerMethods)
        {
            var method = h.HttpMethod.ToUpperInvariant();
            if (method is not ("GET" or "POST")) continue;
            if (AnonymousPages.ContainsKey(route)) { if (method == "GET") probes.Add(new(route, "GET", path, false, new Dictionary<string, string>(), null)); continue; }
            var values = new Dictionary<string, string>();
            var namesA = routeIds;
            var handlerNamesA = false;
            string? file = null;
            var parameters = h.Parameters.Select(p => (p.Name, p.ParameterType, Source: p.BindingInfo?.BindingSource, Route: page.Endpoint.RoutePattern.GetParameter(p.Name) is not null)).ToList();
            var properties = bound.Where(b => method == "POST" || SupportsGet(b.Property))
                .Select(b => (Name: b.BindingInfo?.BinderModelName ?? b.Name, b.ParameterType, Source: b.BindingInfo?.BindingSource, Route: false));
            foreach (var (name, type, source, inRoute, own) in parameters.Select(p => (p.Name, p.ParameterType, p.Source, p.Route, true)).Concat(properties.Select(p => (p.Name, p.ParameterType, p.Source, p.Route, false))))
            {
                if (inRoute || source == BindingSource.Services || type == typeof(CancellationToken)) continue;
                if (type == typeof(IFormFile)) { file = name; continue; }
                var t = Nullable.GetUnderlyingType(type) ?? type;
                if (KindOf(name, t) is { } kind) { values[name] = a.Id(kind).ToString(); namesA = true; handlerNamesA |= own; }
                else if (t == typeof(long) && !PagePlainParams.Contains(name))
                    failures.Add($"page {route} handler {h.Name ?? "(default)"}: cannot tell what parameter '{name}' names; add it to PageParamKinds or PagePlainParams");
                else if (method == "POST" && (t.IsPrimitive || t == typeof(string) || t == typeof(decimal)))
                    values[name] = t == typeof(bool) ? "true" : t == typeof(string) ? "проба" : "1";
            }
            if (method == "GET")
            {
                var query = new Dictionary<string, string>(values);
                if (h.Name is { } hn) query["handler"] = hn;
                // A's record in the route, or asked for by a named handler (a card, a column, a file), must be 404;
                // filters and preselections of a page (?pipelineId=, ?teamId=) need only not show anything of A.
                probes.Add(new(route, "GET", path + Query(query), routeIds || (h.Name is not null && handlerNamesA), new Dictionary<string, string>(), null));
                if (!routeIds && h.Name is null && values.Count > 0) probes.Add(new(route, "GET", path, false, new Dictionary<string, string>(), null));
            }
            else if (namesA)
            {
                // Forms that name A's records: only those can tell an outsider anything or touch A.
                var url = path + (h.Name is { } hn ? "?handler=" + hn : "");
                probes.Add(new(route, "POST", url, true, values, file, FormOnly: !routeIds));
            }
        }
        return probes;
    }

    static bool SupportsGet(PropertyInfo p) =>
        p.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: true } || p.GetCustomAttribute<FromQueryAttribute>() is not null
        || p.DeclaringType?.GetCustomAttribute<BindPropertiesAttribute>() is { SupportsGet: true };
}

[Collection("sqlite")]
public sealed class OutsiderTests_Sqlite(SqliteApp app, ITestOutputHelper output) : OutsiderTests(app, output);

[Collection("postgres")]
public sealed class OutsiderTests_Postgres(PostgresApp app, ITestOutputHelper output) : OutsiderTests(app, output);
