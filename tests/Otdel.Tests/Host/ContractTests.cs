using System.Text;
using System.Text.Json;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Host;

/// <summary>
/// The public API contract as a reviewed snapshot: every path, method, parameter, body, response and schema of
/// /openapi/v1.json, written as plain sorted lines in <c>openapi.contract.txt</c>. A change to the contract fails this
/// test until the snapshot is updated in the same commit, so it shows in review. To accept a change:
/// <c>OTDEL_UPDATE_CONTRACT=1 ./otdel test --filter ContractTests</c>.
/// </summary>
[Collection("sqlite")]
public sealed class ContractTests(SqliteApp app)
{
    static readonly string Snapshot = Path.Combine(FindTests(), "Host", "openapi.contract.txt");

    static string FindTests()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "tests", "Otdel.Tests", "Otdel.Tests.csproj"))) return Path.Combine(d.FullName, "tests", "Otdel.Tests");
        throw new InvalidOperationException("tests folder not found");
    }

    [Fact]
    public async Task The_openapi_document_matches_the_reviewed_contract()
    {
        var doc = JsonSerializer.Deserialize<JsonElement>(await app.Client().GetStringAsync("/openapi/v1.json"));
        var actual = Describe(doc);
        if (Environment.GetEnvironmentVariable("OTDEL_UPDATE_CONTRACT") == "1") File.WriteAllText(Snapshot, actual);
        var expected = File.Exists(Snapshot) ? File.ReadAllText(Snapshot) : "";
        if (expected == actual) return;
        var was = expected.Split('\n').ToHashSet();
        var now = actual.Split('\n').ToHashSet();
        Assert.Fail("The API contract changed (accept with OTDEL_UPDATE_CONTRACT=1 ./otdel test --filter ContractTests):\n"
            + string.Join("\n", was.Except(now).Select(l => "- " + l).Concat(now.Except(was).Select(l => "+ " + l)).Take(60)));
    }

    /// <summary>One line per operation, parameter, body, response and schema property, sorted.</summary>
    static string Describe(JsonElement doc)
    {
        var lines = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                var id = $"{op.Name.ToUpperInvariant()} {path.Name}";
                lines.Add(id);
                if (op.Value.TryGetProperty("parameters", out var ps))
                    foreach (var p in ps.EnumerateArray())
                        lines.Add($"{id} param {p.GetProperty("name").GetString()} in {p.GetProperty("in").GetString()}"
                            + $"{(p.TryGetProperty("required", out var r) && r.GetBoolean() ? " required" : "")} {Type(p.TryGetProperty("schema", out var s) ? s : default)}");
                if (op.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var bc))
                    foreach (var c in bc.EnumerateObject())
                        lines.Add($"{id} body {c.Name} {Type(c.Value.TryGetProperty("schema", out var s) ? s : default)}");
                if (op.Value.TryGetProperty("responses", out var responses))
                    foreach (var resp in responses.EnumerateObject())
                    {
                        if (!resp.Value.TryGetProperty("content", out var rc)) { lines.Add($"{id} -> {resp.Name}"); continue; }
                        foreach (var c in rc.EnumerateObject())
                            lines.Add($"{id} -> {resp.Name} {c.Name} {Type(c.Value.TryGetProperty("schema", out var s) ? s : default)}");
                    }
            }
        if (doc.TryGetProperty("components", out var comp) && comp.TryGetProperty("schemas", out var schemas))
            foreach (var schema in schemas.EnumerateObject())
            {
                var required = schema.Value.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
                lines.Add($"schema {schema.Name} {Type(schema.Value)}");
                if (schema.Value.TryGetProperty("properties", out var props))
                    foreach (var prop in props.EnumerateObject())
                        lines.Add($"schema {schema.Name}.{prop.Name}{(required.Contains(prop.Name) ? " required" : "")} {Type(prop.Value)}");
            }
        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    static string Type(JsonElement s)
    {
        if (s.ValueKind != JsonValueKind.Object) return "-";
        var sb = new StringBuilder();
        if (s.TryGetProperty("$ref", out var r)) return r.GetString()!.Replace("#/components/schemas/", "");
        if (s.TryGetProperty("type", out var t)) sb.Append(t.ValueKind == JsonValueKind.Array ? string.Join("|", t.EnumerateArray().Select(x => x.GetString())) : t.GetString());
        if (s.TryGetProperty("format", out var f)) sb.Append(':').Append(f.GetString());
        if (s.TryGetProperty("enum", out var e)) sb.Append(" enum(").Append(string.Join(",", e.EnumerateArray().Select(x => x.ToString()))).Append(')');
        if (s.TryGetProperty("items", out var items)) sb.Append(" of ").Append(Type(items));
        if (s.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object) sb.Append(" map of ").Append(Type(ap));
        foreach (var k in new[] { "oneOf", "anyOf", "allOf" })
            if (s.TryGetProperty(k, out var alts)) sb.Append(' ').Append(k).Append('(').Append(string.Join(",", alts.EnumerateArray().Select(Type))).Append(')');
        if (s.TryGetProperty("maxLength", out var ml)) sb.Append(" max ").Append(ml.GetInt32());
        return sb.Length == 0 ? "any" : sb.ToString();
    }
}
