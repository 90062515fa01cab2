using System.Runtime.CompilerServices;

namespace XiP.Numerics.Simd;

/// <summary>The standard normal CDF, whole or by argument range.</summary>
/// <remarks>
/// N(x) = ½·erfc(−x/√2). Rounding x/√2 would cost a relative error of about x²·1e-16 in the lower
/// tail, so the rounding error e of the argument is recovered with a fused multiply-add and put back
/// to first order: erfc(u − e) ≈ erfc(u) + e·(2/√π)·exp(−u²). Near zero (|x|/√2 ≤ 0.46875, Cody's
/// small range) N needs no exponential: the correction is below an ulp of N there, so a three-term
/// series for exp(−u²) serves it. <see cref="NormalCdfNearZero{T}"/> and
/// <see cref="NormalCdfAwayFromZero{T}(T, out T)"/> are the two halves of <see cref="NormalCdfAndDensity{T}"/>
/// with the same arithmetic per lane, so batch code may sort arguments by range, evaluate each range
/// on its own and get the same bits.
/// </remarks>
public static partial class LaneMath
{
    private const double InverseSqrtTwoHigh = 0.70710678118654757;
    private const double InverseSqrtTwoLow = -4.8336466567264567e-17;
    private const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    /// <summary>N(x), the standard normal CDF, with relative accuracy near machine precision in both tails.</summary>
    public static T NormalCdf<T>(T x)
        where T : struct, ILane<T> => NormalCdfAndDensity(x, out _);

    /// <summary>N(x) and the density φ(x) = exp(−x²/2)/√(2π), sharing one exponential.</summary>
    /// <remarks>
    /// Both halves are compiled on their own (no inlining): inlined together they exhaust the JIT's
    /// inlining budget, and the lane operators they are made of stop being inlined (5× slower, measured).
    /// </remarks>
    public static T NormalCdfAndDensity<T>(T x, out T density)
        where T : struct, ILane<T>
    {
        var awayFromZero = NormalCdfAwayFromZero(x, out density);
        return T.Select(IsNormalCdfNearZero(x), NormalCdfNearZero(x), awayFromZero);
    }

    /// <summary>The lanes for <see cref="NormalCdfNearZero{T}"/>: |x|/√2 ≤ 0.46875, as rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T IsNormalCdfNearZero<T>(T x)
        where T : struct, ILane<T> =>
        T.LessThanOrEqual(T.Abs(x * T.Broadcast(InverseSqrtTwoHigh)), T.Broadcast(SmallLimit));

    /// <summary>N(x) for the lanes of <see cref="IsNormalCdfNearZero{T}"/>; other lanes get meaningless values.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T NormalCdfNearZero<T>(T x)
        where T : struct, ILane<T>
    {
        var u = DividedBySqrtTwo(x, out var e);
        var ySquared = u * u;
        var yFourth = ySquared * ySquared;
        var ratio = SmallNumeratorOf(ySquared, yFourth) / SmallDenominatorOf(ySquared, yFourth);
        var tail = T.Broadcast(1.0) - -u * ratio;
        // exp(−u²) to three digits: with |u| ≤ 0.47 the correction it scales is below an ulp of N
        var gaussian = T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(0.5), ySquared, T.Broadcast(-1.0)), ySquared, T.Broadcast(1.0));
        return T.FusedMultiplyAdd(e * T.Broadcast(InverseSqrtPi), gaussian, T.Broadcast(0.5) * tail);
    }

    /// <summary>
    /// N(x) for the lanes outside <see cref="IsNormalCdfNearZero{T}"/>, and φ(x) for every lane; N of the
    /// other lanes is meaningless.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T NormalCdfAwayFromZero<T>(T x, out T density)
        where T : struct, ILane<T>
    {
        var gaussian = CdfGaussianOf(x);
        var n = AwayFromZero(x, gaussian, out var u, out var e);
        // exp(−x²/2) = exp(−u²)·exp(−2ue) to first order
        density = T.Broadcast(InverseSqrtTwoPi) * T.FusedMultiplyAdd(T.Broadcast(-2.0) * u * e, gaussian, gaussian);
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T CdfGaussianOf<T>(T x)
        where T : struct, ILane<T>
    {
        var y = T.Abs(x * T.Broadcast(InverseSqrtTwoHigh));
        return GaussianOf(y, y * y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T AwayFromZero<T>(T x, T gaussian, out T u, out T e)
        where T : struct, ILane<T>
    {
        u = DividedBySqrtTwo(x, out e);
        var y = T.Abs(u);
        var large = T.GreaterThan(y, T.Broadcast(MiddleLimit));
        T tail;
        if (T.AnyTrue(large))
        {
            // lanes beyond 4 are rare: their rational is out of line, so the common path holds fewer registers
            tail = TailWithLargeLanes(y, gaussian, large);
        }
        else
        {
            var ySquared = y * y;
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
