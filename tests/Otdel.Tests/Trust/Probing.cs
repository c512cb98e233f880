using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Otdel.Tests.Trust;

/// <summary>One answer, read once: status, media type, text, and the problem's error keys when it is problem details.</summary>
public sealed record Answer(HttpResponseMessage Response, int Status, string? MediaType, string Body)
{
    public IReadOnlyList<string> ErrorKeys
    {
        get
        {
            try
            {
                var json = JsonSerializer.Deserialize<JsonElement>(Body);
                return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                    ? e.EnumerateObject().Select(p => p.Name).ToList() : [];
            }
            catch (JsonException) { return []; }
        }
    }

    public string? Title
    {
        get
        {
            try
            {
                var json = JsonSerializer.Deserialize<JsonElement>(Body);
                return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            catch (JsonException) { return null; }
        }
    }

    /// <summary>Whether the problem's errors name a field: the key itself, or a key inside it ("fields.region", "exitConditions[0]").</summary>
    public bool Names(string field) => ErrorKeys.Any(k => Same(k, field));

    public static bool Same(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + ".", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase);

    public string Snippet(int max = 220)
    {
        var flat = Body.Replace('\n', ' ').Replace('\r', ' ');
        return flat.Length <= max ? flat : flat[..max] + "…";
    }
}

public static class Probing
{
    /// <summary>Set OTDEL_TRUST_TRACE to a file path to get every probe and its answer written there.</summary>
    static readonly string? Trace = Environment.GetEnvironmentVariable("OTDEL_TRUST_TRACE");

    public static async Task<Answer> SendAsync(HttpClient client, string method, string url, HttpContent? content, CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        var res = await client.SendAsync(req, HttpCompletionOption.ResponseContentRead, ct);
        var body = await res.Content.ReadAsStringAsync(ct);
        if (Trace is { } trace)
            lock (trace) File.AppendAllText(trace, $"{method} {url} → {(int)res.StatusCode} {(body.Length > 300 ? body[..300] : body).Replace('\n', ' ')}\n");
        return new Answer(res, (int)res.StatusCode, res.Content.Headers.ContentType?.MediaType, body);
    }

    public static HttpContent JsonContent(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    public static HttpContent JsonContent(JsonNode node) => JsonContent(node.ToJsonString());

    public static HttpContent Form(IEnumerable<FormPart> parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var p in parts)
            if (p.FileName is not null) form.Add(new ByteArrayContent(p.Bytes ?? []), p.Name, p.FileName);
            else form.Add(new StringContent(p.Text), p.Name);
        return form;
    }

    public static string Query(IReadOnlyDictionary<string, string> values) =>
        values.Count == 0 ? "" : "?" + string.Join("&", values.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));

    /// <summary>Writes a line to the test's output and to the console (the run's log), so the counts are seen either way.</summary>
    public static void Say(ITestOutputHelper output, string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    /// <summary>Fails with every finding, grouped, instead of stopping at the first.</summary>
    public static void Report(ITestOutputHelper output, string what, List<string> failures)
    {
        if (failures.Count == 0) return;
        var distinct = failures.Distinct().ToList();
        var text = $"{what}: {distinct.Count} finding(s)\n" + string.Join("\n", distinct.Select(f => "  - " + f));
        output.WriteLine(text);
        Assert.Fail(text);
    }

    public static bool HasCyrillic(string s) => s.Any(ch => ch is >= '\u0400' and <= '\u04FF');
}
