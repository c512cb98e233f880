using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Otdel.Tests.Infrastructure;
using Xunit.Abstractions;
using static Otdel.Tests.Trust.Probing;

namespace Otdel.Tests.Trust;

/// <summary>
/// Every operation of /openapi/v1.json that takes a body or query parameters, fed malformed and hostile input derived
/// from its own schema: malformed JSON, wrong types, nulls in arrays, 1 MB strings, control characters, numbers and
/// dates out of range, unknown enum values, bad query values. Whatever comes in, the answer is never a 5xx; a refusal
/// is problem details in the caller's language naming the bad field, with no framework or parser text in it.
/// </summary>
public abstract class BadInputTests(TestApp app, ITestOutputHelper output)
{
    /// <summary>
    /// Operations the head of department A may not perform, and who calls them instead so the handler is reached:
    /// opening a department is for company-wide roles.
    /// </summary>
    static readonly Dictionary<string, string> CallerFor = new() { ["POST /api/v1/departments"] = "root", ["PUT /api/v1/calendar/days"] = "root" };

    /// <summary>Text of the framework or the JSON parser that must never reach a caller.</summary>
    static readonly string[] FrameworkText = ["System.", "Path: $", "LineNumber", "BytePosition", "   at ", "Exception", "Microsoft."];

    static readonly string Megabyte = new('x', 1024 * 1024);
    const string Controls = "проба\u0000\u0001\u0007\b\u000B\u000C\u001B\u001F конец";

    /// <summary>
    /// One bad request. <see cref="Strict"/>: the input cannot be understood, so it must be refused (400).
    /// Otherwise (huge, odd or extreme but well-formed values) the operation may take it, but must not fail on it.
    /// A 400 must name <see cref="Field"/> (or one of <see cref="AlsoNamed"/>); for a body that is not JSON at all, any key.
    /// </summary>
    sealed record Probe(ApiOp Op, string What, string? Field, bool Strict, string Language, Func<Task<(string Url, HttpContent? Content)>> Build, string[] AlsoNamed);

    [Fact]
    public async Task Every_operation_refuses_bad_input_with_a_localised_problem_naming_the_field_and_never_fails()
    {
        var doc = await OpenApiDoc.LoadAsync(app.Client());
        var a0 = await TrustSetup.DepartmentAAsync(app);
        var a = a0.As(a0.HeadId, a0.Seller, a0.SellerEmail, a0.Head);
        var clients = new Dictionary<string, HttpClient>
        {
            ["head|ru"] = app.Client(a.HeadToken, "ru"), ["head|en"] = app.Client(a.HeadToken, "en"),
            ["root|ru"] = app.Client(app.RootToken, "ru"), ["root|en"] = app.Client(app.RootToken, "en"),
        };
        var failures = new List<string>();
        var probes = new List<Probe>();
        var probed = new List<ApiOp>();
        var plain = 0;
        foreach (var op in doc.Operations)
        {
            if (!op.TakesInput) { plain++; continue; }
            if (!Samples.All.TryGetValue(op.Key, out var sample))
            {
                failures.Add($"{op.Key}: no sample in Trust/Samples.cs — every operation must be probed before it ships");
                continue;
            }
            var mine = ProbesOf(doc, op, sample, a, failures);
            if (mine.Count == 0) { failures.Add($"{op.Key}: takes input but no probe could be made of it"); continue; }
            probes.AddRange(mine);
            probed.Add(op);
        }

        // A handful of operations at a time; the probes of one operation one after another. Operations that send the
        // current version of the same shared record (PUT and PATCH of one person) take turns, so neither goes stale.
        var answers = new List<(Probe Probe, Answer Answer)>();
        using var gate = new SemaphoreSlim(4);
        static string TurnOf(ApiOp op) =>
            Samples.All[op.Key].VersionOf is { } of && !op.PathParams.Any(p => Samples.PathKind(op, p.Name) == "deal") ? of : op.Key;
        var runs = probes.GroupBy(p => TurnOf(p.Op)).Select(async group =>
        {
            await gate.WaitAsync();
            try
            {
                foreach (var p in group)
                {
                    var client = clients[CallerFor.GetValueOrDefault(p.Op.Key, "head") + "|" + p.Language];
                    Answer ans;
                    try
                    {
                        var (url, content) = await p.Build();
                        ans = await SendAsync(client, p.Op.Method, url, content);
                    }
                    catch (HttpRequestException e)
                    {
                        lock (failures) failures.Add($"{p.Op.Key} with {p.What}: the connection failed ({e.Message})");
                        continue;
                    }
                    lock (answers) answers.Add((p, ans));
                }
            }
            finally { gate.Release(); }
        });
        await Task.WhenAll(runs);

        foreach (var (p, ans) in answers) Judge(failures, p, ans);
        foreach (var op in probed)
        {
            var mine = answers.Where(x => x.Probe.Op == op).ToList();
            if (mine.Count > 0 && mine.All(x => x.Answer.Status is 401 or 403))
                failures.Add($"{op.Key}: every probe answered {mine[0].Answer.Status}; the handler was never reached — pick a caller who may perform it (CallerFor)");
        }

        Say(output, $"bad input: {probed.Count} operations with input probed ({answers.Count} requests), {probed.Count + plain} of {doc.Operations.Count} in /openapi/v1.json " +
            $"covered ({plain} take no body or query and count as covered by definition)");
        Report(output, "bad input", failures);
        Assert.Equal(doc.Operations.Count, probed.Count + plain);
    }

    static void Judge(List<string> failures, Probe p, Answer ans)
    {
        var who = $"{p.Op.Key} with {p.What}{(p.Language == "en" ? " [en]" : "")}";
        foreach (var text in FrameworkText)
            if (ans.Body.Contains(text, StringComparison.Ordinal))
            {
                failures.Add($"{who}: {ans.Status} carries framework text \"{text}\": {ans.Snippet()}");
                break;
            }
        if (ans.Status >= 500) { failures.Add($"{who}: {ans.Status}: {ans.Snippet()}"); return; }
        if (ans.Status < 400)
        {
            if (p.Strict) failures.Add($"{who}: accepted ({ans.Status}); such input cannot be understood and must be 400 naming {p.Field ?? "the body"}: {ans.Snippet(120)}");
            return;
        }
        if (ans.MediaType != "application/problem+json") { failures.Add($"{who}: {ans.Status} is {ans.MediaType ?? "no content"}, not application/problem+json: {ans.Snippet()}"); return; }
        if (p.Language == "ru" && !HasCyrillic(ans.Body)) failures.Add($"{who}: {ans.Status} is not in Russian (Accept-Language: ru): {ans.Snippet()}");
        if (p.Language == "en" && (ans.Title is not { Length: > 0 } title || HasCyrillic(title))) failures.Add($"{who}: {ans.Status} title is not in English (Accept-Language: en): {ans.Snippet()}");
        if (p.Strict && ans.Status != 400 && ans.Status is not (401 or 403))
            failures.Add($"{who}: answered {ans.Status}, expected 400 naming {p.Field ?? "the body"}: {ans.Snippet()}");
        if (ans.Status != 400) return;
        if (p.Field is null)
        {
            if (ans.ErrorKeys.Count == 0) failures.Add($"{who}: 400 without errors; expected errors naming a field or \"body\": {ans.Snippet()}");
        }
        else if (!ans.Names(p.Field) && !p.AlsoNamed.Any(ans.Names))
            failures.Add($"{who}: 400 does not name {p.Field} (errors: {string.Join(", ", ans.ErrorKeys)}): {ans.Snippet()}");
    }

    // ---- making the probes ----

    /// <summary>A bad value: what it is, the JSON to send, whether it must be refused.</summary>
    sealed record Bad(string What, JsonNode? Value, bool Strict);

    static JsonNode Num(string literal) => JsonNode.Parse(literal)!;

    /// <summary>Bad values for one body field, from what its schema says it is.</summary>
    static List<Bad> BadValues(string name, FieldType t, bool isEnum)
    {
        var list = new List<Bad>();
        switch (t.Primary)
        {
            case "integer":
                list.Add(new("a string", "not-a-number", true));
                list.Add(new("1e30", Num("1e30"), true));
                list.Add(new("-1e30", Num("-1e30"), true));
                list.Add(new("999999999999.999", Num("999999999999.999"), true));
                list.Add(new("int.MaxValue+1", Num("2147483648"), t.IsInt32));
                break;
            case "number":
                list.Add(new("a string", "not-a-number", true));
                list.Add(new("1e30", Num("1e30"), true));
                list.Add(new("-1e30", Num("-1e30"), true));
                list.Add(new("999999999999.999", Num("999999999999.999"), false));
                list.Add(new("0.001", Num("0.001"), false));
                list.Add(new("int.MaxValue+1", Num("2147483648"), false));
                break;
            case "boolean":
                list.Add(new("a string", "not-a-bool", true));
                list.Add(new("a number", Num("1"), true));
                break;
            case "string":
                list.Add(new("a number", Num("12345"), true));
                if (t.IsDate)
                {
                    list.Add(new("not a date", "not-a-date", true));
                    list.Add(new("0001-01-01", "0001-01-01", false));
                    list.Add(new("9999-12-31", "9999-12-31", false));
                }
                else
                {
                    list.Add(new("a 1 MB string", Megabyte, false));
                    list.Add(new("NUL and C0 characters", Controls, false));
                }
                if (isEnum) list.Add(new("an unknown value", "zz_no_such_value", true));
                break;
            case "array":
                list.Add(new("an object where an array is expected", new JsonObject(), true));
                list.Add(new("[null]", new JsonArray((JsonNode?)null), true));
                break;
            case "object":
                list.Add(new("an array where an object is expected", new JsonArray(), true));
                if (t.AdditionalProperties is { Primary: "string" })
                {
                    list.Add(new("a number as a value", new JsonObject { ["k"] = 5 }, true));
                    list.Add(new("NUL and C0 characters as a value", new JsonObject { ["k"] = Controls }, false));
                }
                break;
        }
        return list;
    }

    List<Probe> ProbesOf(OpenApiDoc doc, ApiOp op, Sample sample, World a, List<string> failures)
    {
        var probes = new List<Probe>();
        var enums = new HashSet<string>(sample.Enums, StringComparer.OrdinalIgnoreCase);
        var baseQuery = sample.Queries[0].ToDictionary(kv => kv.Key, kv => Samples.Resolve(kv.Value, a));

        // The valid request this probe spoils: A's records in the path (a fresh deal, a fresh stage to delete), its body.
        async Task<(string Url, Dictionary<string, long> Ids, int? Version)> Target(Dictionary<string, string> query)
        {
            var ids = new Dictionary<string, long>();
            var words = new Dictionary<string, string>();
            int? version = null;
            foreach (var p in op.PathParams)
            {
                var kind = Samples.PathKind(op, p.Name) ?? throw new InvalidOperationException($"{op.Key}: no kind for {{{p.Name}}}");
                if (kind == "form") words[p.Name] = a.FormKey;
                else if (kind == "deal") (ids[p.Name], version) = await FreshDeal(a, op);
                else ids[p.Name] = kind == "stage" && op.Method == "DELETE" ? await a.FreshStageAsync() : a.Id(kind);
            }
            return (op.Fill(ids, words) + Query(query), ids, version);
        }

        async Task<JsonObject?> ValidBody((string Url, Dictionary<string, long> Ids, int? Version) target)
        {
            if (sample.Body is null) return null;
            var body = sample.Body(a);
            if (sample.VersionOf is { } of && (target.Version ?? await a.VersionAsync(target.Ids.Aggregate(of, (t, kv) => t.Replace("{" + kv.Key + "}", kv.Value.ToString())))) is { } v)
                body["version"] = v;
            return body;
        }

        void Add(string what, string? field, bool strict, Func<Task<(string, HttpContent?)>> build, string[]? alsoNamed = null, string language = "ru") =>
            probes.Add(new Probe(op, what, field, strict, language, build, alsoNamed ?? []));

        // Query parameters.
        var dateParams = op.QueryParams.Where(IsDateParam).Select(q => q.Name).ToArray();
        foreach (var q in op.QueryParams)
        {
            var values = new List<Bad>();
            var idLike = q.Type.Primary == "integer" || q.Name == "id" || q.Name.EndsWith("Id");
            if (idLike)
            {
                values.Add(new("abc", "abc", true));
                values.Add(new(q.Type.IsInt32 ? "int.MaxValue+1" : "long.MaxValue+1", q.Type.IsInt32 ? "2147483648" : "9223372036854775808", true));
            }
            else if (q.Type.Primary == "boolean") values.Add(new("maybe", "maybe", true));
            else if (IsDateParam(q))
            {
                values.Add(new("not a date", "not-a-date", true));
                values.Add(new("0001-01-01", "0001-01-01", false));
                values.Add(new("9999-12-31", "9999-12-31", false));
            }
            else
            {
                values.Add(new("NUL and C0 characters", Controls, false));
                values.Add(new("a 4 KB string", new string('x', 4096), false));
            }
            if (enums.Contains(q.Name)) values.Add(new("an unknown value", "zz_no_such_value", true));
            foreach (var bad in values)
            {
                var text = bad.Value!.GetValue<string>();
                Add($"query {q.Name}={Short(text)} ({bad.What})", q.Name, bad.Strict, async () =>
                {
                    var query = new Dictionary<string, string>(baseQuery) { [q.Name] = text };
                    var target = await Target(query);
                    var body = await ValidBody(target);
                    return (target.Url, body is null ? sample.Form is null ? null : Form(sample.Form(a)) : JsonContent(body));
                }, IsDateParam(q) ? dateParams : null);
            }
        }

        // A JSON body.
        if (op.Body is { IsJson: true } jsonBody)
        {
            var schema = jsonBody.Schema;
            if (jsonBody.Undescribed)
            {
                if (sample.Describes is { } name)
                {
                    failures.Add($"{op.Key}: /openapi/v1.json describes the request body as a bare JsonElement, so clients cannot learn its fields; probed as {name} (Samples.Describes)");
                    schema = doc.Read(JsonDocument.Parse($"{{\"$ref\":\"#/components/schemas/{name}\"}}").RootElement);
                }
                else failures.Add($"{op.Key}: the request body is an undescribed JsonElement and the sample names no schema for it (Samples.Describes)");
            }
            Add("malformed JSON {\"title\": ", null, true, async () => ((await Target(baseQuery)).Url, JsonContent("{\"title\": ")));
            Add("malformed JSON {\"title\": ", null, true, async () => ((await Target(baseQuery)).Url, JsonContent("{\"title\": ")), language: "en");
            if (jsonBody.Required)
                Add("an empty body", null, true, async () => ((await Target(baseQuery)).Url, JsonContent("")));
            var dateFields = (schema.Properties ?? new Dictionary<string, FieldType>()).Where(p => p.Value.IsDate).Select(p => p.Key).ToArray();
            var firstStrict = true;
            foreach (var (field, type) in schema.Properties ?? new Dictionary<string, FieldType>())
            {
                foreach (var bad in BadValues(field, type, type.Enum is not null || enums.Contains(field)))
                {
                    Func<Task<(string, HttpContent?)>> build = async () =>
                    {
                        var target = await Target(baseQuery);
                        var body = await ValidBody(target) ?? new JsonObject();
                        body[field] = bad.Value?.DeepClone();
                        return (target.Url, JsonContent(body));
                    };
                    Add($"{field} = {Describe(bad)}", field, bad.Strict, build, type.IsDate ? dateFields : null);
                    if (bad.Strict && firstStrict) { Add($"{field} = {Describe(bad)}", field, true, build, language: "en"); firstStrict = false; }
                }
                // Inside arrays of objects: each item field with a wrong type, and unknown words where words are fixed.
                if (type is { Primary: "array", Items.Properties: { } itemProps })
                    foreach (var (inner, innerType) in itemProps)
                    {
                        var path = $"{field}[].{inner}";
                        var values = new List<Bad>();
                        if (innerType.Primary is "integer" or "number") values.Add(new("a string", "not-a-number", true));
                        if (innerType.Primary == "string") values.Add(new("a number", Num("12345"), true));
                        if (innerType.Primary == "string" && (innerType.Enum is not null || enums.Contains(path))) values.Add(new("an unknown value", "zz_no_such_value", true));
                        if (innerType.Primary == "string") values.Add(new("NUL and C0 characters", Controls, false));
                        foreach (var bad in values)
                            Add($"{path} = {Describe(bad)}", field, bad.Strict, async () =>
                            {
                                var target = await Target(baseQuery);
                                var body = await ValidBody(target) ?? new JsonObject();
                                var item = body[field] is JsonArray { Count: > 0 } arr && arr[0] is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
                                item[inner] = bad.Value?.DeepClone();
                                body[field] = new JsonArray(item);
                                return (target.Url, JsonContent(body));
                            });
                    }
            }
        }

        // A form (files).
        if (op.Body is { IsForm: true } formBody && sample.Form is not null)
        {
            foreach (var (field, type) in formBody.Schema.Properties ?? new Dictionary<string, FieldType>())
            {
                var values = new List<(string What, Func<List<FormPart>, List<FormPart>> Spoil, bool Strict)>();
                if (type.Primary == "file")
                {
                    values.Add(("text where a file is expected", parts => parts.Select(p => p.Name == field ? new FormPart(field, "not a file") : p).ToList(), true));
                    values.Add(("no file", parts => parts.Where(p => p.Name != field).ToList(), true));
                    values.Add(("a file name with NUL and C0 characters", parts => parts.Select(p => p.Name == field ? p with { FileName = "КП\u0001\u001F.pdf" } : p).ToList(), false));
                }
                else
                {
                    values.Add(("a 1 MB string", parts => Set(parts, field, Megabyte), false));
                    values.Add(("NUL and C0 characters", parts => Set(parts, field, Controls), false));
                    if (enums.Contains(field) || type.Enum is not null) values.Add(("an unknown value", parts => Set(parts, field, "zz_no_such_value"), true));
                }
                foreach (var (what, spoil, strict) in values)
                    Add($"form {field}: {what}", field, strict, async () => ((await Target(baseQuery)).Url, Form(spoil(sample.Form(a)))));
            }
        }
        return probes;
    }

    static List<FormPart> Set(List<FormPart> parts, string field, string value) =>
        parts.Where(p => p.Name != field).Append(new FormPart(field, value)).ToList();

    static bool IsDateParam(ApiParam q) => q.Type.IsDate || q.Name is "from" or "to" || q.Name.EndsWith("Date") || q.Name.EndsWith("At");

    static string Describe(Bad bad) => bad.What + (bad.Value is JsonValue v && v.ToJsonString() is { Length: < 40 } s ? $" ({s})" : "");

    static string Short(string s) => s.Length > 24 ? s[..12] + $"…({s.Length} chars)" : s.Replace("\0", "\\0");

    /// <summary>A fresh deal of A for each probe, lost first when the operation is about reopening.</summary>
    static async Task<(long Id, int Version)> FreshDeal(World a, ApiOp op)
    {
        var (id, version) = await a.FreshDealAsync();
        if (op.Path.EndsWith("/reopen"))
        {
            var res = await a.Head.PostAsJsonAsync($"/api/v1/deals/{id}/lose", new { reasonId = a.LossReason, comment = "проба", version });
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.IsSuccessStatusCode, $"setup: losing a fresh deal → {(int)res.StatusCode}: {text}");
            version = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("version").GetInt32();
        }
        return (id, version);
    }
}

[Collection("sqlite")]
public sealed class BadInputTests_Sqlite(SqliteApp app, ITestOutputHelper output) : BadInputTests(app, output);

[Collection("postgres")]
public sealed class BadInputTests_Postgres(PostgresApp app, ITestOutputHelper output) : BadInputTests(app, output);
