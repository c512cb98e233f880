using System.Text.Json;

namespace Otdel.Tests.Trust;

/// <summary>
/// The app's own OpenAPI document, read as plain JSON: every operation (method + path template), its parameters and
/// the fields of its request body with their types. The trust tests take their list of operations from here, never
/// from a hand-written list, so an endpoint added tomorrow is probed (or fails the tests for want of a sample).
/// </summary>
public sealed class OpenApiDoc
{
    static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    public JsonElement Root { get; }
    public IReadOnlyList<ApiOp> Operations { get; }

    OpenApiDoc(JsonElement root)
    {
        Root = root;
        var ops = new List<ApiOp>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
            foreach (var m in path.Value.EnumerateObject())
                if (Methods.Contains(m.Name))
                    ops.Add(new ApiOp(this, m.Name.ToUpperInvariant(), path.Name, m.Value));
        Operations = ops;
    }

    public static async Task<OpenApiDoc> LoadAsync(HttpClient anyone)
    {
        var res = await anyone.GetAsync("/openapi/v1.json");
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET /openapi/v1.json → {(int)res.StatusCode}: {text}");
        return new OpenApiDoc(JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Reads a schema node into a <see cref="FieldType"/>, following $ref, oneOf/anyOf (null dropped) and allOf.</summary>
    public FieldType Read(JsonElement schema, int depth = 0)
    {
        if (depth > 8) return FieldType.Untyped;
        if (schema.ValueKind != JsonValueKind.Object) return FieldType.Untyped;
        if (schema.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!.Split('/')[^1];
            return Read(Root.GetProperty("components").GetProperty("schemas").GetProperty(name), depth + 1) with { Ref = name };
        }
        foreach (var alt in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(alt, out var options))
            {
                var real = options.EnumerateArray().Where(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")).ToList();
                if (real.Count == 1) return Read(real[0], depth + 1) with { Nullable = true };
            }
        var types = new HashSet<string>();
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String) types.Add(type.GetString()!);
            else foreach (var t in type.EnumerateArray()) types.Add(t.GetString()!);
        }
        var nullable = types.Remove("null");
        var props = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        var required = new HashSet<string>();
        if (schema.TryGetProperty("allOf", out var all))
            foreach (var part in all.EnumerateArray())
            {
                var p = Read(part, depth + 1);
                foreach (var kv in p.Properties ?? new Dictionary<string, FieldType>()) props[kv.Key] = kv.Value;
                required.UnionWith(p.Required);
                if (p.Types.Count > 0) types.UnionWith(p.Types);
            }
        if (schema.TryGetProperty("properties", out var ps))
            foreach (var p in ps.EnumerateObject()) props[p.Name] = Read(p.Value, depth + 1);
        if (schema.TryGetProperty("required", out var req))
            foreach (var x in req.EnumerateArray()) required.Add(x.GetString()!);
        List<string>? values = null;
        if (schema.TryGetProperty("enum", out var en))
            values = en.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
        return new FieldType(
            types,
            schema.TryGetProperty("format", out var f) ? f.GetString() : null,
            schema.TryGetProperty("items", out var items) ? Read(items, depth + 1) : null,
            null,
            values,
            props.Count > 0 ? props : null,
            required,
            schema.TryGetProperty("additionalProperties", out var ap) && ap.ValueKind == JsonValueKind.Object ? Read(ap, depth + 1) : null,
            nullable);
    }
}

public sealed record ApiParam(string Name, string In, bool Required, FieldType Type);

public sealed record ApiBody(string ContentType, bool Required, FieldType Schema)
{
    public bool IsJson => ContentType == "application/json";
    public bool IsForm => ContentType is "multipart/form-data" or "application/x-www-form-urlencoded";
    /// <summary>A body the document leaves undescribed (a raw JsonElement): its fields cannot be read from the schema.</summary>
    public bool Undescribed => Schema.Properties is null && Schema.Types.Count == 0;
}

public sealed class ApiOp(OpenApiDoc doc, string method, string path, JsonElement node)
{
    public string Method { get; } = method;
    public string Path { get; } = path;
    public string Key => $"{Method} {Path}";
    public override string ToString() => Key;

    public IReadOnlyList<ApiParam> Parameters { get; } = node.TryGetProperty("parameters", out var ps)
        ? ps.EnumerateArray().Select(p => new ApiParam(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
            p.TryGetProperty("required", out var r) && r.GetBoolean(), p.TryGetProperty("schema", out var s) ? doc.Read(s) : FieldType.Untyped)).ToList()
        : [];

    public IEnumerable<ApiParam> PathParams => Parameters.Where(p => p.In == "path");
    public IEnumerable<ApiParam> QueryParams => Parameters.Where(p => p.In == "query");

    public ApiBody? Body { get; } = node.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content)
        ? content.EnumerateObject().Select(c => new ApiBody(c.Name, rb.TryGetProperty("required", out var req) && req.GetBoolean(),
            c.Value.TryGetProperty("schema", out var s) ? doc.Read(s) : FieldType.Untyped)).FirstOrDefault()
        : null;

    /// <summary>Whether the operation takes any input a caller shapes: a body or query parameters.</summary>
    public bool TakesInput => Body is not null || QueryParams.Any();

    /// <summary>The path with its ids; a parameter that names a record by a word (a web form's key) from <paramref name="words"/>.</summary>
    public string Fill(IReadOnlyDictionary<string, long> ids, IReadOnlyDictionary<string, string>? words = null) =>
        PathParams.Aggregate(Path, (p, param) => p.Replace("{" + param.Name + "}",
            words is not null && words.TryGetValue(param.Name, out var w) ? w : ids[param.Name].ToString()));
}

/// <summary>What the document says about one value: its JSON types (null dropped), format, items, properties, enum values.</summary>
public sealed record FieldType(
    HashSet<string> Types, string? Format, FieldType? Items, string? Ref, IReadOnlyList<string>? Enum,
    IReadOnlyDictionary<string, FieldType>? Properties, HashSet<string> Required, FieldType? AdditionalProperties, bool Nullable)
{
    public static FieldType Untyped => new([], null, null, null, null, null, [], null, true);

    /// <summary>The type a well-behaved client sends (numbers are also listed as "string" because the API reads "12" as 12).</summary>
    public string Primary =>
        Types.Contains("integer") ? "integer"
        : Types.Contains("number") ? "number"
        : Types.Contains("boolean") ? "boolean"
        : Types.Contains("array") ? "array"
        : Types.Contains("object") || Properties is not null ? "object"
        : Types.Contains("string") && Format == "binary" ? "file"
        : Types.Contains("string") ? "string"
        : Enum is not null ? "string"
        : "untyped";

    public bool IsDate => Format is "date" or "date-time";
    public bool IsInt32 => Primary == "integer" && Format == "int32";
}
