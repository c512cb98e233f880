using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Otdel.Resources;

namespace Otdel.Platform;

/// <summary>A value the save refused (too long, control characters, out of range): 400 naming the field.</summary>
public sealed class InvalidValueException(string field, string key, params object[] args) : Exception($"Invalid value of {field}: {key}")
{
    public string Field { get; } = field;
    public string Key { get; } = key;
    public object[] Args { get; } = args;
}

/// <summary>
/// The one mechanism that turns what the framework could not bind — malformed JSON, a value of the wrong type, a
/// query parameter that is not a number, a missing body — and values the save refused into localised problem details
/// naming the field, for every endpoint. No parser or framework text reaches the caller.
/// </summary>
public sealed partial class BadInput(IStringLocalizer<Text> t, IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext ctx, Exception ex, CancellationToken ct)
    {
        Localisation.UseRequestCulture(ctx);
        // The middleware has already pointed the request at the error page: the original path says who asked.
        var api = (ctx.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? ctx.Request.Path.Value ?? "").StartsWith("/api", StringComparison.OrdinalIgnoreCase);
        (int Status, string Field, string Message)? bad = ex switch
        {
            BadHttpRequestException { InnerException: JsonException j } => (400, FieldOf(j.Path), t[IsSyntax(j) ? "Error.BadJson" : "Error.BadValue"]),
            BadHttpRequestException { StatusCode: 415 } => (415, "body", t["Error.Status415"]),
            BadHttpRequestException { StatusCode: 413 } => (413, "body", t["Error.Status413"]),
            BadHttpRequestException b when RequiredBody().IsMatch(b.Message) => (400, "body", t["Error.BodyRequired"]),
            BadHttpRequestException b => (b.StatusCode is >= 400 and < 500 ? b.StatusCode : 400, ParameterOf(b.Message), t["Error.BadValue"]),
            InvalidValueException v => (400, v.Field, t[v.Key, v.Args]),
            _ => null,
        };
        if (bad is not { } b2) return false;
        if (!api)
        {
            // A page's form that could not be bound: the friendly page for the status, without a stack trace.
            ctx.Response.StatusCode = b2.Status;
            return false;
        }
        ctx.Response.StatusCode = b2.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails = new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(new Dictionary<string, string[]> { [b2.Field] = [b2.Message] })
            {
                Status = b2.Status, Title = t["Error.Validation"],
            },
        });
    }

    /// <summary>"$.exitConditions[0].kind" → "exitConditions[0].kind"; the whole body → "body".</summary>
    static string FieldOf(string? path) =>
        path is null or "$" || !path.StartsWith("$.", StringComparison.Ordinal) ? "body" : path[2..].Replace("['", "").Replace("']", "");

    /// <summary>Broken JSON (as opposed to a well-formed value of the wrong type).</summary>
    static bool IsSyntax(JsonException j) => !j.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
        && j.InnerException is not (FormatException or InvalidOperationException or OverflowException);

    /// <summary>The parameter named in the framework's binding message, e.g. <c>Failed to bind parameter "int? limit" from "abc".</c></summary>
    static string ParameterOf(string message) => Parameter().Match(message) is { Success: true } m ? m.Groups[1].Value : "query";

    [GeneratedRegex("""parameter "[^"]*?\s([A-Za-z_][A-Za-z0-9_]*)" """)]
    private static partial Regex Parameter();

    [GeneratedRegex("from the request body|was not provided from body|Implicit body inferred", RegexOptions.IgnoreCase)]
    private static partial Regex RequiredBody();
}
