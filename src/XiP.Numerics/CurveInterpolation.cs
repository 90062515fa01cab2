using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>How a curve's pillar values are interpolated.</summary>
public enum CurveKind
{
    /// <summary>Values are continuously compounded zero rates z, linear in t; P(t) = exp(−z(t)·t); flat outside the pillars.</summary>
    LinearZero,

    /// <summary>Values are ln P, linear in t between nodes (the first node is t = 0); the last node's zero rate beyond it.</summary>
    LogLinearDiscount,
}

/// <summary>
/// Discount factors off curves given at pillar times, for many times at once.
/// </summary>
/// <remarks>
/// Segments are located as QuantLib's interpolations do (left-closed, the last segment closed on the
/// right), and a segment evaluates v = fma(t − tᵢ, sᵢ, yᵢ) with the slope sᵢ = (yᵢ₊₁ − yᵢ)/(tᵢ₊₁ − tᵢ).
/// Times that fall in one segment are computed a register at a time with the segment's constants
/// broadcast, so sorted times (cash-flow dates, day grids) run fully vectorised with no gathers;
/// unsorted times are correct, only slower. A time's discount factor is the same bits whichever path,
/// width or batch computed it, and the scalar <see cref="DiscountFactor"/> agrees with the batch.
/// </remarks>
public static class CurveInterpolation
{
    /// <summary>P(tᵢ) for every time of <paramref name="times"/>.</summary>
    public static void DiscountFactors(CurveKind kind, ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> values, ReadOnlySpan<double> times, Span<double> destination)
    {
        Checks.SameLength(pillarTimes, values);
        if (pillarTimes.IsEmpty)
        {
            throw new ArgumentException("A curve needs at least one pillar.", nameof(pillarTimes));
        }

        Checks.Destination(destination, times.Length);
        var n = times.Length;
        var start = 0;
        while (start < n)
        {
            var segment = Segment.Locate(kind, pillarTimes, values, times[start]);
            var end = start + 1;
            while (end < n && segment.Contains(times[end]))
            {
                end++;
            }

            segment.Evaluate(times[start..end], destination[start..end]);
            start = end;
        }
    }

    /// <summary>P(t) for one time: the same bits as <see cref="DiscountFactors"/>.</summary>
    public static double DiscountFactor(CurveKind kind, ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> values, double t) =>
        Segment.Locate(kind, pillarTimes, values, t).DiscountFactor<Lane1>(Lane1.Broadcast(t)).Value;

    /// <summary>The interpolated pillar value at t: the zero rate of a linear-zero curve, ln P of a log-linear one.</summary>
    public static double Value(CurveKind kind, ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> values, double t)
    {
        var segment = Segment.Locate(kind, pillarTimes, values, t);
        return Math.FusedMultiplyAdd(t - segment.BaseTime, segment.Slope, segment.BaseValue);
    }

    /// <summary>
    /// Discount factors of the same times under many curves sharing pillar times — scenarios of one curve:
    /// row c of <paramref name="valuesByCurve"/> (curves × pillars) gives row c of <paramref name="destination"/> (curves × times).
    /// </summary>
    public static void DiscountFactorsForCurves(CurveKind kind, ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> valuesByCurve, ReadOnlySpan<double> times, Span<double> destination)
    {
        var pillars = pillarTimes.Length;
        if (pillars == 0 || valuesByCurve.Length % pillars != 0)
        {
            throw new ArgumentException("valuesByCurve must hold a whole number of curves of pillarTimes.Length values.", nameof(valuesByCurve));
        }

        var curves = valuesByCurve.Length / pillars;
        Checks.Destination(destination, curves * times.Length);
        for (var c = 0; c < curves; c++)
        {
            DiscountFactors(kind, pillarTimes, valuesByCurve.Slice(c * pillars, pillars), times, destination.Slice(c * times.Length, times.Length));
        }
    }

    /// <summary>One piece of a curve: v(t) = fma(t − BaseTime, Slope, BaseValue) for t in [Low, High).</summary>
    private readonly record struct Segment(CurveKind Kind, double Low, double High, bool HighClosed, double BaseTime, double BaseValue, double Slope)
    {
        public bool Contains(double t) => t >= Low && (t < High || (HighClosed && t == High));

        public static Segment Locate(CurveKind kind, ReadOnlySpan<double> pillarTimes, ReadOnlySpan<double> values, double t)
        {
            var n = pillarTimes.Length;
            var first = pillarTimes[0];
            var last = pillarTimes[n - 1];
            if (n == 1 || t < first)
            {
                // flat before the first pillar (a log-linear curve starts at t = 0, so only t < 0 lands here)
                return new(kind, double.NegativeInfinity, n == 1 ? double.PositiveInfinity : first, false, first, values[0], 0.0);
            }

            if (t > last)
            {
                // flat zero rate beyond the last pillar: constant z, or ln P growing at −z
                var slope = kind == CurveKind.LinearZero || last <= 0.0 ? 0.0 : values[n - 1] / last;
                return new(kind, double.BitIncrement(last), double.PositiveInfinity, false, last, values[n - 1], slope);
            }

            // upper bound of t in pillarTimes[0 .. n−2], minus one: the last segment takes t = last
            int lo = 0, hi = n - 1;
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

            var i = lo - 1;
            var s = (values[i + 1] - values[i]) / (pillarTimes[i + 1] - pillarTimes[i]);
            return new(kind, pillarTimes[i], pillarTimes[i + 1], i == n - 2, pillarTimes[i], values[i], s);
        }

        public void Evaluate(ReadOnlySpan<double> times, Span<double> destination)
        {
            ref var t = ref MemoryMarshal.GetReference(times);
            ref var d = ref MemoryMarshal.GetReference(destination);
            var n = (nuint)times.Length;
            nuint i = 0;
            if (SimdPolicy.Use512)
            {
                for (; i + 8 <= n; i += 8)
                {
                    Lane512.Store(DiscountFactor(Lane512.Load(ref t, i)), ref d, i);
                }
            }

            if (SimdPolicy.Use256)
            {
                for (; i + 8 <= n; i += 8)
                {
                    Lane256x2.Store(DiscountFactor(Lane256x2.Load(ref t, i)), ref d, i);
                }

                for (; i + 4 <= n; i += 4)
                {
                    Lane256.Store(DiscountFactor(Lane256.Load(ref t, i)), ref d, i);
                }
            }

            if (SimdPolicy.Use128)
            {
                for (; i + 2 <= n; i += 2)
                {
                    Lane128.Store(DiscountFactor(Lane128.Load(ref t, i)), ref d, i);
                }
            }

            for (; i < n; i++)
            {
                Lane1.Store(DiscountFactor(Lane1.Load(ref t, i)), ref d, i);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public T DiscountFactor<T>(T t)
            where T : struct, ILane<T>
        {
            var v = T.FusedMultiplyAdd(t - T.Broadcast(BaseTime), T.Broadcast(Slope), T.Broadcast(BaseValue));
            return LaneMath.Exp(Kind == CurveKind.LinearZero ? -(v * t) : v);
        }
    }
}
