namespace XiP.Pricing.Time;

/// <summary>The year fractions d/365 of whole days from the valuation date, exactly as <see cref="DayCount"/> computes them.</summary>
public static class DayGrid
{
    private static double[] s_times = Build(366 * 60);

    /// <summary>t = d/365 for d = 0 … <paramref name="days"/>−1.</summary>
    public static ReadOnlySpan<double> Times(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var times = s_times;
        if (times.Length < days)
        {
            // rare (flows beyond 60 years): grow once; readers keep whichever table they loaded
            times = Build(Math.Max(days, 2 * times.Length));
            Interlocked.Exchange(ref s_times, times);
        }

        return times.AsSpan(0, days);
    }

    private static double[] Build(int days)
    {
        var times = new double[days];
        for (var d = 0; d < days; d++)
        {
            times[d] = d / 365.0;
        }

        return times;
    }
}
