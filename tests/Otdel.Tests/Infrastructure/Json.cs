using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otdel.Tests.Infrastructure;

/// <summary>The API's JSON conventions (camelCase, snake_case enums) for reading its answers in tests.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static async Task<T> GetJson<T>(this HttpClient client, string url)
    {
        var res = await client.GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {url} → {(int)res.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Options)!;
    }

    public static async Task<T> ReadJson<T>(this HttpResponseMessage res) =>
        (await res.Content.ReadFromJsonAsync<T>(Options))!;
}
