namespace Otdel.Tests.Infrastructure;

/// <summary>
/// The app's clock in tests (TestApp registers it as the app's TimeProvider): the real time until a test moves it.
/// Moved, it keeps ticking from the new point. A collection shares one app and runs its tests one at a time, so a
/// test may move its app's clock if it calls <see cref="Reset"/> in a finally.
/// </summary>
public sealed class TestClock : TimeProvider
{
    long offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref offsetTicks));

    /// <summary>Moves the app's now forward (or back, with a negative span).</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    /// <summary>Makes the app's now <paramref name="at"/>; it goes on ticking from there.</summary>
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref offsetTicks, (at - System.GetUtcNow()).Ticks);

    /// <summary>Back to the real time.</summary>
    public void Reset() => Interlocked.Exchange(ref offsetTicks, 0);
}
