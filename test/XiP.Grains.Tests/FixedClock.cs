namespace XiP.Grains.Tests;

/// <summary>
/// A clock whose wall time stands still, so grains that stamp what they store can be checked exactly.
/// Timers and timestamps stay on the real clock (the base implementations), so the silos' own
/// schedules keep running.
/// </summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
