namespace Otdel.Platform;

/// <summary>Why a use case refused: an HTTP status, a localised title, and the bad fields if any.</summary>
public sealed record Failure(int Status, string Title, IReadOnlyDictionary<string, string[]>? Errors = null, IDictionary<string, object?>? Extensions = null)
{
    public IResult ToResult() => Errors is { Count: > 0 }
        ? Results.ValidationProblem(Errors, title: Title, statusCode: Status, extensions: Extensions)
        : Results.Problem(statusCode: Status, title: Title, extensions: Extensions);

    public string? For(string field) => Errors is not null && Errors.TryGetValue(field, out var m) ? string.Join(" ", m) : null;
}

/// <summary>The result of a use case: a value, or a <see cref="Failure"/> that the API and the pages both render.</summary>
public readonly record struct Outcome<T>(T? Value, Failure? Failure)
{
    public bool Ok => Failure is null;
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(Failure failure) => new(default, failure);

    public IResult ToResult(Func<T, IResult> ok) => Failure is null ? ok(Value!) : Failure.ToResult();
}
