using System.Collections.Concurrent;

namespace Otdel.Platform;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed sign-ins for one email from one address within
/// <see cref="Window"/>, further attempts are refused until the window passes. (The per-address rate limiter on the
/// sign-in page catches sprays across many emails.)
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    readonly ConcurrentDictionary<string, (int Count, DateTime Since)> failures = new();

    static string Key(string? ip, string email) => $"{ip}|{email}";

    public bool IsLocked(string? ip, string email) =>
        failures.TryGetValue(Key(ip, email), out var f) && f.Count >= MaxFailures && clock.GetUtcNow().UtcDateTime - f.Since < Window;

    public void Failed(string? ip, string email)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        failures.AddOrUpdate(Key(ip, email), _ => (1, now), (_, f) => now - f.Since >= Window ? (1, now) : (f.Count + 1, f.Since));
        if (failures.Count > 100_000) failures.Clear();
    }

    public void Succeeded(string? ip, string email) => failures.TryRemove(Key(ip, email), out _);
}
