using System.Runtime.CompilerServices;

namespace XiP.Numerics.Simd;

/// <summary>The standard normal CDF, whole or by argument range.</summary>
/// <remarks>
/// <para>
/// Near zero (|x| ≤ 1) N needs no exponential: N(x) = ½ + x·(c₀ + t·Q(t)) with t = x², c₀ = 1/√(2π) in two
/// parts and Q a degree-9 polynomial (fitted by <c>test/XiP.Numerics.Tests/fit_normal_cdf_near_zero.py</c>, which
/// also checks this arithmetic against mpmath: at most 1.4 ulps of N).
/// </para>
/// <para>
/// Elsewhere N(x) = ½·erfc(−x/√2) by Cody's rationals. Rounding x/√2 would cost a relative error of about
/// x²·1e-16 in the lower tail, so the rounding error e of the argument is recovered with a fused multiply-add
/// and put back to first order: erfc(u − e) ≈ erfc(u) + e·(2/√π)·exp(−u²).
/// </para>
/// <para>
/// <see cref="NormalCdfNearZero{T}"/> and <see cref="NormalCdfAwayFromZero{T}"/> are the two halves of
/// <see cref="NormalCdf{T}"/> with the same arithmetic per lane, so batch code may evaluate each range on its
/// own and get the same bits.
/// </para>
/// </remarks>
public static partial class LaneMath
{
    private const double InverseSqrtTwoHigh = 0.70710678118654757;
    private const double InverseSqrtTwoLow = -4.8336466567264567e-17;
    private const double InverseSqrtTwoPi = 0.398942280401432677939946059934;
    private const double InverseSqrtTwoPiLow = -2.49232720227773e-17;
    private const double NearZeroLimit = 1.0;

    // Q(t), highest power first: see the remarks
    private static ReadOnlySpan<double> NearZeroSeries =>
    [
        4.159943870100479e-12, -1.1106081839615823e-10, 2.271275942791936e-09, -4.122508861802809e-08, 6.659686586592936e-07,
        -9.444656074707297e-06, 0.00011543468758780861, -0.0011873282154782438, 0.00997355701003575, -0.06649038006690544,
    ];

    /// <summary>N(x), the standard normal CDF, with relative accuracy near machine precision in both tails.</summary>
    /// <remarks>
    /// The far half is compiled on its own (no inlining): inlined with the near one it exhausts the JIT's
    /// inlining budget, and the lane operators it is made of stop being inlined (5× slower, measured).
    /// </remarks>
    public static T NormalCdf<T>(T x)
        where T : struct, ILane<T> =>
        T.Select(IsNormalCdfNearZero(x), NormalCdfNearZero(x), NormalCdfAwayFromZero(x));

    /// <summary>The lanes for <see cref="NormalCdfNearZero{T}"/>: |x| ≤ 1 (not NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T IsNormalCdfNearZero<T>(T x)
        where T : struct, ILane<T> =>
        T.LessThanOrEqual(T.Abs(x), T.Broadcast(NearZeroLimit));

    /// <summary>N(x) for the lanes of <see cref="IsNormalCdfNearZero{T}"/>; other lanes get meaningless values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T NormalCdfNearZero<T>(T x)
        where T : struct, ILane<T>
    {
        var q = NearZeroSeries;
        var t = x * x;
        var t2 = t * t;
        var odd = Horner(t2, q[0], q[2], q[4], q[6], q[8]);
        var even = Horner(t2, q[1], q[3], q[5], q[7], q[9]);
        // x·c₀ rounds once inside the fused ½ + x·c₀; the rest, a tenth of N at most, is added after
        var tail = T.FusedMultiplyAdd(x * t, T.FusedMultiplyAdd(odd, t, even), x * T.Broadcast(InverseSqrtTwoPiLow));
        return T.FusedMultiplyAdd(x, T.Broadcast(InverseSqrtTwoPi), T.Broadcast(0.5)) + tail;
    }

    /// <summary>N(x) for the lanes outside <see cref="IsNormalCdfNearZero{T}"/>; other lanes get meaningless values.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T NormalCdfAwayFromZero<T>(T x)
        where T : struct, ILane<T> => InlinedNormalCdfAwayFromZero(x);

    /// <summary><see cref="NormalCdfAwayFromZero{T}"/> for a loop that evaluates nothing else (measured 5% faster inlined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static T InlinedNormalCdfAwayFromZero<T>(T x)
        where T : struct, ILane<T>
    {
        var u = DividedBySqrtTwo(x, out var e);
        var y = T.Abs(u);
        var ySquared = y * y;
        var gaussian = GaussianOf(y, ySquared);
        var large = T.GreaterThan(y, T.Broadcast(MiddleLimit));
        T tail;
        if (T.AnyTrue(large))
        {
            // lanes beyond 4 are rare: their rational is out of line, so the common path holds fewer registers
            tail = TailWithLargeLanes(y, gaussian, large);
        }
        else
        {
            tail = TailOf(gaussian, MiddleNumeratorOf(y, ySquared) / MiddleDenominatorOf(y, ySquared), default, default, large, anyLarge: false);
        }

        var reflected = T.Select(T.LessThan(-u, T.Broadcast(0.0)), T.Broadcast(2.0) - tail, tail);
        return T.FusedMultiplyAdd(e * T.Broadcast(InverseSqrtPi), gaussian, T.Broadcast(0.5) * reflected);
    }

    // The middle lanes' arithmetic is that of the common path (see ThreeRangeRatio), so their bits do
    // not depend on whether a neighbour is beyond 4.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T TailWithLargeLanes<T>(T y, T gaussian, T large)
        where T : struct, ILane<T>
    {
        var inverseY = T.Broadcast(1.0) / y;
        var z = T.Select(large, inverseY * inverseY, y);
        var ratio = ThreeRangeRatio(z, T.Broadcast(0.0), large);
        return TailOf(gaussian, ratio, z, inverseY, large, anyLarge: true);
    }

    /// <summary>φ(x) = exp(−x²/2)/√(2π), within about two units in the last place.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T NormalDensity<T>(T x)
        where T : struct, ILane<T>
    {
        // x² = square + low exactly; exp(−x²/2) = exp(−square/2)·(1 − low/2) to first order. Without
        // the low part the rounding of x² would cost a relative error of x²·1e-16.
        var square = x * x;
        var low = T.FusedMultiplyAdd(x, x, -square);
        // beyond 1e150, x² overflows and the split is ∞ − ∞; φ is 0 there anyway
        low = T.Select(T.LessThan(T.Abs(x), T.Broadcast(1e150)), low, T.Broadcast(0.0));
        var g = Exp(square * T.Broadcast(-0.5));
        return T.Broadcast(InverseSqrtTwoPi) * T.FusedMultiplyAdd(low * T.Broadcast(-0.5), g, g);
    }

    // u = x/√2 rounded, and the rounding error e of it; 0 at ±∞, where the tail alone is exact
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T DividedBySqrtTwo<T>(T x, out T error)
        where T : struct, ILane<T>
    {
        var u = x * T.Broadcast(InverseSqrtTwoHigh);
        var e = T.FusedMultiplyAdd(x, T.Broadcast(InverseSqrtTwoHigh), -u) + x * T.Broadcast(InverseSqrtTwoLow);
        error = T.Select(T.LessThan(T.Abs(x), T.Broadcast(1e300)), e, T.Broadcast(0.0));
        return u;
    }
}
