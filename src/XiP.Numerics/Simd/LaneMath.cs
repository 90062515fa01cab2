using System.Runtime.CompilerServices;

namespace XiP.Numerics.Simd;

/// <summary>
/// exp, log, erfc and the normal CDF on any <see cref="ILane{TSelf}"/>, built only from correctly rounded
/// operations so that every vector width and the scalar path give the same bits.
/// </summary>
public static partial class LaneMath
{
    // exp: x = n·ln2 + r with |r| ≤ ln2/2, e^r by its Taylor series (the term after r¹³/13! is below
    // 4e-18 relative), then scaled by 2^n: in two halves where 2^n is not a normal number, so subnormal results are exact scalings.
    private const double Log2E = 1.4426950408889634;
    // Adding 1.5·2^52 rounds to an integer and leaves it in the low bits of the representation.
    private const double RoundingShift = 6755399441055744.0;
    private const long RoundingShiftBits = 0x4338000000000000;
    private const double Ln2High = 6.93147180369123816490e-01;
    private const double Ln2Low = 1.90821492927058770002e-10;
    private const double ExpLowest = -746.0;
    private const double ExpHighest = 710.0;

    private const double Sqrt2 = 1.4142135623730951;
    private const long MantissaMask = 0x000FFFFFFFFFFFFF;
    private const long ExponentOne = 0x3FF0000000000000;
    private const double TwoTo52 = 4503599627370496.0;
    private const long TwoTo52Bits = 0x4330000000000000;

    private const double InverseSqrtPi = 0.56418958354775628695;

    // Cody's three ranges: |x| ≤ 0.46875, up to 4, beyond.
    private const double SmallLimit = 0.46875;
    private const double MiddleLimit = 4.0;

    // numerator and denominator coefficients, highest power first; lower-degree ranges are padded with zeros
    private static ReadOnlySpan<double> SmallNumerator => [0, 0, 0, 0, 1.85777706184603153e-1, 3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03];
    private static ReadOnlySpan<double> SmallDenominator => [0, 0, 0, 0, 1.0, 2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static ReadOnlySpan<double> MiddleNumerator => [2.15311535474403846e-8, 5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03];
    private static ReadOnlySpan<double> MiddleDenominator => [1.0, 1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static ReadOnlySpan<double> LargeNumerator => [0, 0, 0, 1.63153871373020978e-2, 3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4];
    private static ReadOnlySpan<double> LargeDenominator => [0, 0, 0, 1.0, 2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    // 1/k! for k = 13 … 2
    private static ReadOnlySpan<double> ExpTaylor =>
    [
        1.6059043836821613e-10, 2.08767569878681e-09, 2.505210838544172e-08, 2.755731922398589e-07, 2.7557319223985893e-06,
        2.48015873015873e-05, 0.0001984126984126984, 0.001388888888888889, 0.008333333333333333, 0.041666666666666664,
        0.16666666666666666, 0.5,
    ];

    // 2/(2k+1) for k = 9 … 1: log(1+f) = 2·atanh(s), s = f/(2+f); the next term is below 3e-17 relative
    private static ReadOnlySpan<double> AtanhSeries =>
    [
        0.10526315789473684, 0.11764705882352941, 0.13333333333333333, 0.15384615384615385, 0.18181818181818182,
        0.2222222222222222, 0.2857142857142857, 0.4, 0.6666666666666666,
    ];

    /// <summary>e^x, within one unit in the last place; 0 below −746, +∞ above 710.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x)
        where T : struct, ILane<T>
    {
        var n = NearestMultipleOfLn2(x);
        // 2^n directly while every lane's result is a normal number; otherwise (rare) out of line
        if (T.AnyTrue(T.GreaterThan(T.Abs(n), T.Broadcast(1020.0))))
        {
            return ExpWithHalvedScaling(x);
        }

        return ExpOfRemainder(x, n) * PowerOfTwo(n);
    }

    // Clamped to [−746, 710], and 2^n applied in two halves, so subnormal results are exact scalings too
    // (both ways give the same bits where both apply).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T ExpWithHalvedScaling<T>(T x)
        where T : struct, ILane<T>
    {
        x = T.Select(T.LessThan(x, T.Broadcast(ExpLowest)), T.Broadcast(ExpLowest), x);
        x = T.Select(T.GreaterThan(x, T.Broadcast(ExpHighest)), T.Broadcast(ExpHighest), x);
        var n = NearestMultipleOfLn2(x);
        var half = T.Truncate(n * T.Broadcast(0.5));
        return ExpOfRemainder(x, n) * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    // n = x/ln2 rounded to an integer (as a double)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T NearestMultipleOfLn2<T>(T x)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(x, T.Broadcast(Log2E), T.Broadcast(RoundingShift)) - T.Broadcast(RoundingShift);

    // e^r for r = x − n·ln2 (|r| ≤ ln2/2)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T ExpOfRemainder<T>(T x, T n)
        where T : struct, ILane<T>
    {
        var r = T.FusedMultiplyAdd(n, T.Broadcast(-Ln2High), x);
        r = T.FusedMultiplyAdd(n, T.Broadcast(-Ln2Low), r);

        // e^r − 1 = r·(1 + r²·odd(r²)) + r²·even(r²): two chains of five fused multiply-adds, half the
        // latency of one; the 1 is added last so its rounding is the only one at full magnitude
        // written out, not looped: the JIT does not always unroll the loop, and then reloads every coefficient
        var t = ExpTaylor;
        var r2 = r * r;
        var odd = T.FusedMultiplyAdd(T.Broadcast(t[0]), r2, T.Broadcast(t[2]));
        var even = T.FusedMultiplyAdd(T.Broadcast(t[1]), r2, T.Broadcast(t[3]));
        odd = T.FusedMultiplyAdd(odd, r2, T.Broadcast(t[4]));
        even = T.FusedMultiplyAdd(even, r2, T.Broadcast(t[5]));
        odd = T.FusedMultiplyAdd(odd, r2, T.Broadcast(t[6]));
        even = T.FusedMultiplyAdd(even, r2, T.Broadcast(t[7]));
        odd = T.FusedMultiplyAdd(odd, r2, T.Broadcast(t[8]));
        even = T.FusedMultiplyAdd(even, r2, T.Broadcast(t[9]));
        odd = T.FusedMultiplyAdd(odd, r2, T.Broadcast(t[10]));
        even = T.FusedMultiplyAdd(even, r2, T.Broadcast(t[11]));

        var expm1 = T.FusedMultiplyAdd(odd * r2, r, r) + even * r2;
        return expm1 + T.Broadcast(1.0);
    }

    /// <summary>ln x for positive normal x, within about one unit in the last place.</summary>
    public static T Log<T>(T x)
        where T : struct, ILane<T>
    {
        // x = m·2^e with m in [√½, √2)
        var exponentField = T.ShiftRightBits(x, 52);
        var e = T.Or(exponentField, T.FromBits(TwoTo52Bits)) - T.Broadcast(TwoTo52 + 1023.0);
        var m = Mantissa(x);
        var big = T.GreaterThan(m, T.Broadcast(Sqrt2));
        m = T.Select(big, m * T.Broadcast(0.5), m);
        e = e + T.And(big, T.Broadcast(1.0));

        var f = m - T.Broadcast(1.0);
        var s = f / (f + T.Broadcast(2.0));
        var z = s * s;
        var r = z * AtanhSeriesOf(z);
        var halfSquare = T.Broadcast(0.5) * f * f;
        // ln(1+f) = f − (f²/2 − s·(f²/2 + R)), written so the small correction is added last (fdlibm's form)
        var correction = T.FusedMultiplyAdd(s, halfSquare + r, e * T.Broadcast(Ln2Low));
        return T.FusedMultiplyAdd(e, T.Broadcast(Ln2High), f - (halfSquare - correction));
    }

    /// <summary>ln(a/b) for positive normal a and b, within two units in the last place of the exact ln(a/b).</summary>
    /// <remarks>
    /// Not Log(a / b): the rounding of a/b is an absolute error of up to 1.1e-16 in the logarithm, which near
    /// a = b (an option at the money) is most of its digits. Here a = mₐ·2^eₐ and b = m_b·2^e_b with the
    /// mantissas scaled so that mₐ/m_b lies in [√½, √2]; mₐ − m_b is then exact, and
    /// ln(mₐ/m_b) = 2·atanh(s) with s = (mₐ − m_b)/(mₐ + m_b) has the relative accuracy of s. One division,
    /// where Log(a / b) takes two.
    /// </remarks>
    public static T LogRatio<T>(T a, T b)
        where T : struct, ILane<T>
    {
        var e = T.Or(T.ShiftRightBits(a, 52), T.FromBits(TwoTo52Bits)) - T.Or(T.ShiftRightBits(b, 52), T.FromBits(TwoTo52Bits));
        var ma = Mantissa(a);
        var mb = Mantissa(b);
        var halveA = T.GreaterThan(ma, T.Broadcast(Sqrt2) * mb);
        var halveB = T.GreaterThan(mb, T.Broadcast(Sqrt2) * ma);
        ma = T.Select(halveA, ma * T.Broadcast(0.5), ma);
        mb = T.Select(halveB, mb * T.Broadcast(0.5), mb);
        e = e + T.And(halveA, T.Broadcast(1.0)) - T.And(halveB, T.Broadcast(1.0));

        var s = (ma - mb) / (ma + mb);
        var z = s * s;
        // 2·atanh(s) = 2s + s·z·P(z)
        var small = T.FusedMultiplyAdd(s * z, AtanhSeriesOf(z), e * T.Broadcast(Ln2Low));
        return T.FusedMultiplyAdd(e, T.Broadcast(Ln2High), T.FusedMultiplyAdd(T.Broadcast(2.0), s, small));
    }

    // m in [1, 2) with x = m·2^e, for positive normal x
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Mantissa<T>(T x)
        where T : struct, ILane<T> =>
        T.Or(T.And(x, T.FromBits(MantissaMask)), T.FromBits(ExponentOne));

    // P(z) with 2·atanh(s) = 2s + s·z·P(z), z = s²: its even and odd halves in z², two short chains, not one long one
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T AtanhSeriesOf<T>(T z)
        where T : struct, ILane<T>
    {
        var c = AtanhSeries;
        var zz = z * z;
        return T.FusedMultiplyAdd(Horner(zz, c[1], c[3], c[5], c[7]), z, Horner(zz, c[0], c[2], c[4], c[6], c[8]));
    }

    /// <summary>erfc(x), accurate to a few units in the last place for all x.</summary>
    public static T Erfc<T>(T x)
        where T : struct, ILane<T> => ErfcAndGaussian(x, out _);

    /// <summary>erfc(x), and exp(−x²) as computed on the way (exact up to rounding).</summary>
    public static T ErfcAndGaussian<T>(T x, out T gaussian)
        where T : struct, ILane<T>
    {
        var y = T.Abs(x);
        var small = T.LessThanOrEqual(y, T.Broadcast(SmallLimit));
        var large = T.GreaterThan(y, T.Broadcast(MiddleLimit));
        var ySquared = y * y;
        var anyLarge = T.AnyTrue(large);
        T ratio, z = default, inverseY = default;
        if (anyLarge)
        {
            inverseY = T.Broadcast(1.0) / y;
            z = T.Select(small, ySquared, T.Select(large, inverseY * inverseY, y));
            ratio = ThreeRangeRatio(z, small, large);
        }
        else
        {
            ratio = TwoRangeRatio(y, ySquared, small);
        }

        gaussian = GaussianOf(y, ySquared);
        var tail = TailOf(gaussian, ratio, z, inverseY, large, anyLarge);
        var reflected = T.Select(T.LessThan(x, T.Broadcast(0.0)), T.Broadcast(2.0) - tail, tail);
        return T.Select(small, T.Broadcast(1.0) - x * ratio, reflected);
    }

    /// <summary>erf(x) for |x| ≤ 0.46875, where 1 − erfc(x) would lose relative accuracy.</summary>
    internal static T ErfNearZero<T>(T x)
        where T : struct, ILane<T>
    {
        var z = x * x;
        var num = T.Broadcast(0.0);
        var den = T.Broadcast(0.0);
        for (var k = 0; k < 9; k++)
        {
            num = T.FusedMultiplyAdd(num, z, T.Broadcast(SmallNumerator[k]));
            den = T.FusedMultiplyAdd(den, z, T.Broadcast(SmallDenominator[k]));
        }

        return x * (num / den);
    }

    /// <summary>The largest |x| for which <see cref="ErfNearZero{T}"/> is accurate.</summary>
    internal const double ErfNearZeroLimit = SmallLimit;

    // The rational of each lane's range with coefficients blended from all three: the rare case where some
    // lane is in the far tail, kept out of line so the common path stays small. Each polynomial is
    // even(z²) + z·odd(z²), four short chains instead of two long ones; the arithmetic is that of
    // TwoRangeRatio for small and middle lanes (its leading zero coefficients add exact zeros), so a
    // lane's bits do not depend on its neighbours.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T ThreeRangeRatio<T>(T z, T small, T large)
        where T : struct, ILane<T>
    {
        var zz = z * z;
        var numEven = Blend(small, large, SmallNumerator, MiddleNumerator, LargeNumerator, 0);
        var numOdd = Blend(small, large, SmallNumerator, MiddleNumerator, LargeNumerator, 1);
        var denEven = Blend(small, large, SmallDenominator, MiddleDenominator, LargeDenominator, 0);
        var denOdd = Blend(small, large, SmallDenominator, MiddleDenominator, LargeDenominator, 1);
        for (var k = 2; k < 8; k += 2)
        {
            numEven = T.FusedMultiplyAdd(numEven, zz, Blend(small, large, SmallNumerator, MiddleNumerator, LargeNumerator, k));
            numOdd = T.FusedMultiplyAdd(numOdd, zz, Blend(small, large, SmallNumerator, MiddleNumerator, LargeNumerator, k + 1));
            denEven = T.FusedMultiplyAdd(denEven, zz, Blend(small, large, SmallDenominator, MiddleDenominator, LargeDenominator, k));
            denOdd = T.FusedMultiplyAdd(denOdd, zz, Blend(small, large, SmallDenominator, MiddleDenominator, LargeDenominator, k + 1));
        }

        numEven = T.FusedMultiplyAdd(numEven, zz, Blend(small, large, SmallNumerator, MiddleNumerator, LargeNumerator, 8));
        denEven = T.FusedMultiplyAdd(denEven, zz, Blend(small, large, SmallDenominator, MiddleDenominator, LargeDenominator, 8));
        return T.FusedMultiplyAdd(numOdd, z, numEven) / T.FusedMultiplyAdd(denOdd, z, denEven);
    }

    // exp(−y²) with y² = hi + lo exactly: the rounding of y² would otherwise cost relative accuracy in the tail
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T GaussianOf<T>(T y, T ySquared)
        where T : struct, ILane<T>
    {
        var lo = T.FusedMultiplyAdd(y, y, -ySquared);
        // at y = ∞ the split is ∞ − ∞; exp(−∞) = 0 needs no correction
        lo = T.Select(T.LessThan(y, T.Broadcast(1e300)), lo, T.Broadcast(0.0));
        var g = Exp(-ySquared);
        return T.FusedMultiplyAdd(-lo, g, g);
    }

    // erfc(y) for y beyond the small range from exp(−y²) and the rational of each lane's range; lanes in
    // `large` (beyond 4) only when anyLarge
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T TailOf<T>(T gaussian, T ratio, T z, T inverseY, T large, bool anyLarge)
        where T : struct, ILane<T>
    {
        var tail = gaussian * ratio;
        if (anyLarge)
        {
            tail = T.Select(large, gaussian * ((T.Broadcast(InverseSqrtPi) - z * ratio) * inverseY), tail);
        }

        return tail;
    }

    // The common case, no lane beyond 4: Cody's middle rational in y and small one in y², both with
    // constant coefficients (one fused multiply-add each, nothing to pick per lane), chosen before dividing.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T TwoRangeRatio<T>(T y, T ySquared, T small)
        where T : struct, ILane<T>
    {
        var yFourth = ySquared * ySquared;
        var numerator = T.Select(small, SmallNumeratorOf(ySquared, yFourth), MiddleNumeratorOf(y, ySquared));
        var denominator = T.Select(small, SmallDenominatorOf(ySquared, yFourth), MiddleDenominatorOf(y, ySquared));
        return numerator / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SmallNumeratorOf<T>(T ySquared, T yFourth)
        where T : struct, ILane<T> => SmallPolynomial(SmallNumerator, ySquared, yFourth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SmallDenominatorOf<T>(T ySquared, T yFourth)
        where T : struct, ILane<T> => SmallPolynomial(SmallDenominator, ySquared, yFourth);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MiddleNumeratorOf<T>(T y, T ySquared)
        where T : struct, ILane<T> => MiddlePolynomial(MiddleNumerator, y, ySquared);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MiddleDenominatorOf<T>(T y, T ySquared)
        where T : struct, ILane<T> => MiddlePolynomial(MiddleDenominator, y, ySquared);

    // Cody's small-range polynomials are of degree 4 in y²: even and odd halves in y⁴
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SmallPolynomial<T>(ReadOnlySpan<double> c, T ySquared, T yFourth)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(c[5]), yFourth, T.Broadcast(c[7])), ySquared, Horner(yFourth, c[4], c[6], c[8]));

    // the middle range's are of degree 8 in y: even and odd halves in y²
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MiddlePolynomial<T>(ReadOnlySpan<double> c, T y, T ySquared)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(Horner(ySquared, c[1], c[3], c[5], c[7]), y, Horner(ySquared, c[0], c[2], c[4], c[6], c[8]));

    // Horner's rule, highest coefficient first. Written flat, not one overload calling the next: every
    // nested call counts against the JIT's inlining budget of the method it ends up in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Horner<T>(T x, double c0, double c1, double c2)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(c0), x, T.Broadcast(c1)), x, T.Broadcast(c2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Horner<T>(T x, double c0, double c1, double c2, double c3)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(c0), x, T.Broadcast(c1)), x, T.Broadcast(c2)), x, T.Broadcast(c3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Horner<T>(T x, double c0, double c1, double c2, double c3, double c4)
        where T : struct, ILane<T> =>
        T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.FusedMultiplyAdd(T.Broadcast(c0), x, T.Broadcast(c1)), x, T.Broadcast(c2)), x, T.Broadcast(c3)), x, T.Broadcast(c4));

    // Coefficient k of the lane's range, blended from all three.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Blend<T>(T small, T large, ReadOnlySpan<double> smallC, ReadOnlySpan<double> middleC, ReadOnlySpan<double> largeC, int k)
        where T : struct, ILane<T> =>
        T.Select(small, T.Broadcast(smallC[k]), T.Select(large, T.Broadcast(largeC[k]), T.Broadcast(middleC[k])));

    // 2^k for integral k in [−1022, 1023] held as a double: k + 1.5·2^52 has k in its low bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T PowerOfTwo<T>(T k)
        where T : struct, ILane<T> =>
        T.ShiftLeftBits(T.AddBits(k + T.Broadcast(RoundingShift), T.FromBits(1023 - RoundingShiftBits)), 52);
}
