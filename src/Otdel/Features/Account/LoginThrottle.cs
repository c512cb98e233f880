using System.Collections.Concurrent;

using Otdel.Platform;

namespace Otdel.Features.Account;

/// <summary>
/// Slows password guessing without locking out an office that shares one NAT address. Only failures count:
/// after <see cref="MaxFailures"/> failed sign-ins for one email from one address within <see cref="Window"/>, that
/// email is refused from that address until the window passes — colleagues behind the same address still sign in.
/// A spray across many emails from one address is stopped after <see cref="MaxFailuresPerAddress"/> failures in
/// the window. (The "login" rate limiter only guards against floods of posts.)
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public const int MaxFailuresPerAddress = 200;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    const int MaxTracked = 100_000;
    readonly ConcurrentDictionary<string, (int Count, DateTime Since)> perEmail = new();
    readonly ConcurrentDictionary<string, (int Count, DateTime Since)> perAddress = new();

    static string Key(string? ip, string email) => $"{ip}|{email}";

    public bool IsLocked(string? ip, string email) =>
        Reached(perEmail, Key(ip, email), MaxFailures) || Reached(perAddress, ip ?? "", MaxFailuresPerAddress);

    public void Failed(string? ip, string email)
    {
        Count(perEmail, Key(ip, email));
        Count(perAddress, ip ?? "");
    }

    /// <summary>Forgets the email's failures from this address; a success never counts towards the address's limit.</summary>
    public void Succeeded(string? ip, string email) => perEmail.TryRemove(Key(ip, email), out _);

    bool Reached(ConcurrentDictionary<string, (int Count, DateTime Since)> counters, string key, int limit) =>
        counters.TryGetValue(key, out var f) && f.Count >= limit && clock.GetUtcNow().UtcDateTime - f.Since < Window;

    void Count(ConcurrentDictionary<string, (int Count, DateTime Since)> counters, string key)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        counters.AddOrUpdate(key, _ => (1, now), (_, f) => now - f.Since >= Window ? (1, now) : (f.Count + 1, f.Since));
        if (counters.Count > MaxTracked) counters.Clear();
    }
}
