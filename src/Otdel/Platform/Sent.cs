using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Otdel.Platform;

/// <summary>
/// An input that knows which of its fields the client actually sent: the JSON binder calls a property's setter only
/// when the property is in the body (matched case-insensitively), so a PATCH applies — and is authorised by — exactly
/// the typed fields that were bound, never by raw key strings.
/// </summary>
public abstract record SentFields
{
    readonly HashSet<string> sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The camelCase names of the fields present in the request.</summary>
    [JsonIgnore]
    public IReadOnlySet<string> Sent => sent;

    protected void Mark([CallerMemberName] string property = "") => sent.Add(JsonNamingPolicy.CamelCase.ConvertName(property));
}
