namespace XiP.Numerics;

/// <summary>
/// Discount factors off continuously compounded curves given at pillar times, for many times at once.
/// </summary>
/// <remarks>
/// Segments are located as QuantLib's interpolations do (the last segment is closed on the right),
/// and each segment evaluates <c>yᵢ + (t − tᵢ)·sᵢ</c> with the precomputed slope, so the values agree
/// with QuantLib to the last bits. Outside the pillars the zero rate is flat.
/// </remarks>
public static class CurveInterpolation
{
    /// <summary>P(t) = exp(−z(t)·t) with z linear in t between pillars.</summary>
    public static void LinearZeroDiscountFactors(ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> zeroRates, ReadOnlySpan<double> times, Span<double> destination)
    {
        Checks.SameLength(pillarTimes, zeroRates);
        Checks.Destination(destination, times.Length);
        for (var i = 0; i < times.Length; i++)
        {
            var t = times[i];
            destination[i] = Math.Exp(-LinearZeroRate(pillarTimes, zeroRates, t) * t);
        }
    }

    /// <summary>ln P(t) linear in t between nodes; the zero rate of the last node beyond it.</summary>
    public static void LogLinearDiscountFactors(ReadOnlySpan<double> nodeTimes, ReadOnlySpan<double> logDiscountFactors, ReadOnlySpan<double> times, Span<double> destination)
    {
        Checks.SameLength(nodeTimes, logDiscountFactors);
        Checks.Destination(destination, times.Length);
        for (var i = 0; i < times.Length; i++)
        {
            destination[i] = LogLinearDiscountFactor(nodeTimes, logDiscountFactors, times[i]);
        }
    }

    /// <summary>The zero rate z(t) of a linear-zero curve: linear between pillars, flat outside.</summary>
    public static double LinearZeroRate(ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> zeroRates, double t)
    {
        var n = pillarTimes.Length;
        if (n == 1 || t <= pillarTimes[0])
        {
            return zeroRates[0];
        }

        if (t >= pillarTimes[n - 1])
        {
            return zeroRates[n - 1];
        }

        var i = Locate(pillarTimes, t);
        var slope = (zeroRates[i + 1] - zeroRates[i]) / (pillarTimes[i + 1] - pillarTimes[i]);
        return zeroRates[i] + (t - pillarTimes[i]) * slope;
    }

    /// <summary>P(t) of a log-linear-discount curve whose first node is t = 0 (ln P = 0).</summary>
    public static double LogLinearDiscountFactor(ReadOnlySpan<double> nodeTimes, ReadOnlySpan<double> logDiscountFactors, double t)
    {
        var n = nodeTimes.Length;
        var last = nodeTimes[n - 1];
        if (t > last)
        {
            // flat zero rate beyond the last node: P(t) = exp(ln P(T)·t/T)
            return last > 0.0 ? Math.Exp(logDiscountFactors[n - 1] / last * t) : 1.0;
        }

        if (n == 1 || t <= nodeTimes[0])
        {
            return Math.Exp(logDiscountFactors[0]);
        }

        var i = Locate(nodeTimes, t);
        var slope = (logDiscountFactors[i + 1] - logDiscountFactors[i]) / (nodeTimes[i + 1] - nodeTimes[i]);
        return Math.Exp(logDiscountFactors[i] + (t - nodeTimes[i]) * slope);
    }

    // Index i of the segment [tᵢ, tᵢ₊₁] holding t, for t₀ < t; the last segment takes t = t_last.
    private static int Locate(ReadOnlySpan<double> pillarTimes, double t)
    {
        int lo = 0, hi = pillarTimes.Length - 1;
        // upper bound of t in pillarTimes[0 .. n−2], minus one
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (pillarTimes[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Min(lo, pillarTimes.Length - 1) - 1;
    }
}
