using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Otdel.Features.Import;

/// <summary>
/// How a file's columns become Otdel's fields — the JSON a person saves in the UI as a profile and passes to
/// <c>./otdel import … --mapping</c> (docs/import.md):
/// <c>{"columns": {"Этап сделки": ["status", "stage"]}, "values": {"status": {"Успешно реализовано": "won", "*": "open"}},
/// "defaults": {"pipeline": "Продажи"}, "dateFormats": ["dd.MM.yyyy HH:mm:ss"], "encoding": "utf-8"}</c>.
/// A column may feed several fields; <c>values</c> translates a file's words per field ("*" stands for any other word);
/// <c>defaults</c> fills a field the row leaves blank. Without a mapping, a column named as a field feeds that field.
/// </summary>
public sealed class ImportMapping
{
    public Dictionary<string, List<string>> Columns { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, Dictionary<string, string>> Values { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Defaults { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<string> DateFormats { get; } = [];
    /// <summary>"auto" (the default): found from the file (<see cref="ImportSniff.TextEncoding"/>); else a code page name.</summary>
    public string Encoding { get; set; } = "auto";
    /// <summary>The column separator; null: found from the header line (; , tab).</summary>
    public string? Delimiter { get; set; }
    /// <summary>The zone of dates and times written without an offset (IANA id); null: the importer's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Reads the JSON; a problem is thrown as <see cref="ImportProblem"/> naming what is wrong.</summary>
    public static ImportMapping Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })
                as JsonObject ?? throw new ImportProblem("Import.Mapping.NotObject");
        }
        catch (JsonException e)
        {
            // The parser's own words name .NET types; the reader gets where it broke.
            throw new ImportProblem("Import.Mapping.BadJson", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
        var m = new ImportMapping();
        foreach (var (key, node) in root)
        {
            switch (key.ToLowerInvariant())
            {
                case "columns":
                    foreach (var (column, fields) in Object(node, key))
                    {
                        m.Columns[column] = fields switch
                        {
                            JsonValue v when v.TryGetValue<string>(out var one) => [one],
                            JsonArray a => a.Select(x => x is JsonValue xv && xv.TryGetValue<string>(out var f) ? f : throw Bad(key + "." + column)).ToList(),
                            null => [],
                            _ => throw Bad(key + "." + column),
                        };
                    }
                    break;
                case "values":
                    foreach (var (field, words) in Object(node, key))
                    {
                        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        foreach (var (word, to) in Object(words, key + "." + field)) map[word.Trim()] = Text(to, key + "." + field + "." + word) ?? "";
                        m.Values[field] = map;
                    }
                    break;
                case "defaults":
                    foreach (var (field, value) in Object(node, key)) m.Defaults[field] = Text(value, key + "." + field) ?? "";
                    break;
                case "dateformats":
                    if (node is not JsonArray formats) throw Bad(key);
                    m.DateFormats.AddRange(formats.Select(f => Text(f, key) ?? throw Bad(key)));
                    break;
                case "encoding":
                    m.Encoding = Text(node, key) ?? "auto";
                    break;
                case "delimiter":
                    m.Delimiter = Text(node, key);
                    break;
                case "timezone":
                    m.TimeZone = Text(node, key);
                    break;
                default:
                    throw new ImportProblem("Import.Mapping.UnknownKey", key);
            }
        }
        return m;
    }

    static JsonObject Object(JsonNode? node, string path) => node as JsonObject ?? throw Bad(path);

    static string? Text(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => throw Bad(path),
    };

    static ImportProblem Bad(string path) => new("Import.Mapping.BadShape", path);

    /// <summary>The mapping used when none is given: every column named as one of the target's fields feeds it.</summary>
    public static ImportMapping ByHeaders(IEnumerable<string> headers, ImportTarget target)
    {
        var m = new ImportMapping();
        var fields = ImportFields.Of(target);
        foreach (var h in headers)
            if (fields.FirstOrDefault(f => f.Equals(h.Trim(), StringComparison.OrdinalIgnoreCase)) is { } f) m.Columns[h] = [f];
        return m;
    }

    /// <summary>
    /// Checks the mapping against the target and the file's header; a problem is thrown naming the field or column. A saved
    /// profile is checked without <paramref name="complete"/>: a file may bring the rest.
    /// </summary>
    public void Check(ImportTarget target, IReadOnlyList<string> headers, bool complete = true)
    {
        var fields = ImportFields.Of(target);
        bool Known(string f) => fields.Contains(f, StringComparer.OrdinalIgnoreCase);
        foreach (var f in Columns.Values.SelectMany(x => x).Concat(Values.Keys).Concat(Defaults.Keys))
            if (!Known(f)) throw new ImportProblem("Import.Mapping.UnknownField", f, target.Code(), string.Join(", ", fields));
        var missing = Columns.Keys.Where(c => Columns[c].Count > 0 && !headers.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0) throw new ImportProblem("Import.Mapping.NoColumn", string.Join(", ", missing));
        var fed = Columns.Values.SelectMany(x => x).Concat(Defaults.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unfed = ImportFields.Required(target).Where(f => !fed.Contains(f)).ToList();
        if (complete && unfed.Count > 0) throw new ImportProblem("Import.Mapping.Unfed", string.Join(", ", unfed));
        foreach (var f in DateFormats)
            if (f.Length == 0 || !DateTime.TryParseExact(DateTime.UnixEpoch.ToString(f, CultureInfo.InvariantCulture), f, CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out _))
                throw new ImportProblem("Import.Mapping.BadDateFormat", f);
        _ = TextEncoding();
        if (TimeZone is { Length: > 0 } z && !TimeZoneInfo.TryFindSystemTimeZoneById(z, out _)) throw new ImportProblem("Import.Mapping.BadZone", z);
    }

    /// <summary>The encoding the mapping names; null for "auto", when the file's bytes decide.</summary>
    public Encoding? TextEncoding()
    {
        if (Encoding.Length == 0 || Encoding.Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return Encoding.ToLowerInvariant() is "utf-8" or "utf8" ? new UTF8Encoding(false) : System.Text.Encoding.GetEncoding(Encoding);
        }
        catch (ArgumentException)
        {
            throw new ImportProblem("Import.Mapping.BadEncoding", Encoding);
        }
    }

    /// <summary>The row's fields from its cells: values translated, several columns into one field (the first non-blank wins), defaults.</summary>
    /// <param name="into">A dictionary to fill instead of a new one (the importer reuses one for every row).</param>
    public Dictionary<string, string> Apply(IReadOnlyList<string> headers, IReadOnlyList<string?> cells, Dictionary<string, string>? into = null)
    {
        var row = into ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        row.Clear();
        for (var i = 0; i < headers.Count && i < cells.Count; i++)
        {
            if (!Columns.TryGetValue(headers[i], out var fields)) continue;
            var cell = cells[i]?.Trim() ?? "";
            foreach (var f in fields)
            {
                var v = cell;
                if (Values.TryGetValue(f, out var words)) v = words.TryGetValue(cell, out var w) ? w : words.TryGetValue("*", out var any) ? any : cell;
                if (v.Length > 0 && !row.ContainsKey(f)) row[f] = v;
            }
        }
        foreach (var (f, v) in Defaults)
            if (v.Length > 0 && !row.ContainsKey(f)) row[f] = v;
        return row;
    }

    public string ToJson()
    {
        var o = new JsonObject
        {
            ["columns"] = new JsonObject(Columns.Select(c => KeyValuePair.Create<string, JsonNode?>(c.Key,
                c.Value.Count == 1 ? JsonValue.Create(c.Value[0]) : new JsonArray(c.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray())))),
            ["values"] = new JsonObject(Values.Select(v => KeyValuePair.Create<string, JsonNode?>(v.Key,
                new JsonObject(v.Value.Select(w => KeyValuePair.Create<string, JsonNode?>(w.Key, JsonValue.Create(w.Value))))))),
            ["defaults"] = new JsonObject(Defaults.Select(d => KeyValuePair.Create<string, JsonNode?>(d.Key, JsonValue.Create(d.Value)))),
            ["dateFormats"] = new JsonArray(DateFormats.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            ["encoding"] = Encoding,
        };
        if (Delimiter is not null) o["delimiter"] = Delimiter;
        if (TimeZone is not null) o["timeZone"] = TimeZone;
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return o.ToJsonString(options);
    }
}

/// <summary>An import that cannot run at all (bad mapping, unreadable file): a text key and its arguments.</summary>
public sealed class ImportProblem(string key, params object[] args) : Exception(key)
{
    public string Key { get; } = key;
    public object[] Args { get; } = args;
}
