using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Otdel.Features.Pipelines;

/// <summary>
/// A checkable requirement of a stage, kept as data. Kinds:
/// <c>field</c> (field filled, or equal to <see cref="Value"/>), <c>amount</c> (amount &gt; <see cref="Min"/>, 0 by default),
/// <c>document</c> (an attachment of <see cref="DocumentKind"/>), <c>approval</c> (approved by <see cref="Position"/>),
/// <c>score</c> (lead score ≥ <see cref="Min"/>). A stage's conditions are combined with AND.
/// </summary>
public sealed record Condition
{
    public required ConditionKind Kind { get; init; }
    public string? Field { get; init; }
    public string? Value { get; init; }
    public decimal? Min { get; init; }
    public string? DocumentKind { get; init; }
    public string? Position { get; init; }
    /// <summary>What the condition means in words, shown when it is unmet (Russian; English is derived from the kind).</summary>
    public string? Label { get; init; }

    /// <summary>The kinds of document a deal carries (a "document" condition names one).</summary>
    public static readonly string[] DocumentKinds = ["proposal", "signed_contract", "contract", "invoice", "payment", "other"];

    /// <summary>Built-in deal fields a "field" condition may name, besides the pipeline's custom fields.</summary>
    public static readonly string[] BuiltInFields = ["title", "clientName", "expectedCloseDate", "source", "segment", "products", "leadScore", "amount"];

    /// <summary>The kinds as the API and the forms spell them: field, amount, document, approval, score.</summary>
    public static readonly string[] Kinds = Enum.GetValues<ConditionKind>().Select(Code).ToArray();

    public static string Code(ConditionKind kind) => Platform.SnakeCase.Of(kind.ToString());

    public static bool TryParse(string? code, out ConditionKind kind)
    {
        foreach (var k in Enum.GetValues<ConditionKind>())
            if (Code(k) == code?.Trim()) { kind = k; return true; }
        kind = default;
        return false;
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static readonly ValueConverter<List<Condition>, string> ListConverter = new(
        v => JsonSerializer.Serialize(v, Json),
        s => string.IsNullOrEmpty(s) ? new List<Condition>() : JsonSerializer.Deserialize<List<Condition>>(s, Json) ?? new List<Condition>());

    public static readonly ValueComparer<List<Condition>> ListComparer = new(
        (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
        v => JsonSerializer.Serialize(v, Json).GetHashCode(),
        v => v.ToList());
}

/// <summary>What a stage condition checks; kept in the stage's JSON as the snake_case word.</summary>
public enum ConditionKind { Field, Amount, Document, Approval, Score }
