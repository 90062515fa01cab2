namespace XiP.Grains.Runs;

/// <summary>
/// How long a run's stores have been failing, counted from the first failure since the last success, against
/// <see cref="RunOptions.StoreOutageTolerance"/>; and how long to wait before trying again.
/// </summary>
public sealed class StoreOutageWatch(RunOptions options, TimeProvider clock)
{
    private DateTimeOffset? _since;

    /// <summary>A store answered: the outage, if any, is over.</summary>
    public void Answered() => _since = null;

    /// <summary>A store failed: true once the failures have lasted longer than the run waits.</summary>
    public bool Outlasted(out TimeSpan waited)
    {
        var now = clock.GetUtcNow();
        _since ??= now;
        waited = now - _since.Value;
        return waited > options.StoreOutageTolerance;
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: growing with the attempts, never over <see cref="RunOptions.MaxRetryDelay"/>.</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks(Math.Min(options.RetryDelay.Ticks * Math.Max(attempt, 0), options.MaxRetryDelay.Ticks));
}
