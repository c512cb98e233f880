using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Otdel.Features.Deals;
using Otdel.Features.Pipelines;
using Otdel.Tests.Infrastructure;

namespace Otdel.Tests.Deals;

/// <summary>Small helpers for the deal and pipeline API tests: each test builds its own department and pipeline.</summary>
public static class DealsTestKit
{
    public static async Task<PipelineView> NewPipelineAsync(this HttpClient head, string template, string? name = null)
    {
        var res = await head.PostAsJsonAsync("/api/v1/pipelines", new { name = name ?? "Воронка " + Guid.NewGuid().ToString("N")[..6], template });
        return await Expect<PipelineView>(res, HttpStatusCode.Created);
    }

    public static StageView Stage(this PipelineView p, string name) => p.Stages.Single(s => s.Name == name);

    public static async Task<DealView> NewDealAsync(this HttpClient client, PipelineView p, string title, long? stageId = null,
        decimal amount = 100_000, object? fields = null, long? ownerId = null, string? clientName = "ООО «Ромашка»")
    {
        var res = await client.PostAsJsonAsync("/api/v1/deals", new { title, amount, currency = "RUB", pipelineId = p.Id, stageId, ownerId, clientName, fields });
        return await Expect<DealView>(res, HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> MoveAsync(this HttpClient client, DealView d, long stageId, int? version = null, string? overrideReason = null) =>
        client.PostAsJsonAsync($"/api/v1/deals/{d.Id}/move", new { stageId, version = version ?? d.Version, overrideReason });

    public static async Task<DealView> PatchFieldsAsync(this HttpClient client, DealView d, object fields) =>
        await Expect<DealView>(await client.PatchAsJsonAsync($"/api/v1/deals/{d.Id}", new { fields, version = d.Version }), HttpStatusCode.OK);

    public static async Task<T> Expect<T>(HttpResponseMessage res, HttpStatusCode expected)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"{res.RequestMessage?.Method} {res.RequestMessage?.RequestUri} → {(int)res.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json.Options)!;
    }

    /// <summary>Problem details of the expected status, as JSON.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage res, HttpStatusCode expected)
    {
        var body = await Expect<JsonElement>(res, expected);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        return body;
    }

    public static IReadOnlyCollection<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static async Task<AttachmentView> AttachAsync(this HttpClient client, long dealId, string kind, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(kind), "kind");
        form.Add(new ByteArrayContent(bytes), "file", fileName);
        return await Expect<AttachmentView>(await client.PostAsync($"/api/v1/deals/{dealId}/attachments", form), HttpStatusCode.Created);
    }
}
