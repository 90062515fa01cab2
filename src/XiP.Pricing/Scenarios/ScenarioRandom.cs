namespace XiP.Pricing.Scenarios;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit pseudo-random generator whose whole state is one
/// counter, so its sequence is fixed by the seed forever, on every platform and runtime. Not
/// <see cref="System.Random"/>, whose algorithm a runtime may change.
/// </summary>
public struct SplitMix64(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private const double TwoToMinus53 = 1.0 / (1UL << 53);

    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>A uniform number strictly inside (0, 1): (k + ½)·2⁻⁵³ for a random 53-bit k.</summary>
    public double NextUniform() => ((Next() >> 11) + 0.5) * TwoToMinus53;

    /// <summary>A standard normal number: <see cref="NormalQuantile.Of"/> of <see cref="NextUniform"/>.</summary>
    public double NextNormal() => NormalQuantile.Of(NextUniform());

    /// <summary>SplitMix64's output function: a bijection of 64-bit words that scrambles every bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>
/// The standard normal quantile Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.15·10⁻⁹),
/// computed with +, −, ×, ÷, √ and an arithmetic logarithm only, so the result is the same bits on every
/// platform (no libm function whose last bit may differ between runtimes).
/// </summary>
public static class NormalQuantile
{
    private const double Low = 0.02425;
    private const double High = 1.0 - Low;

    private const double A1 = -3.969683028665376e+01, A2 = 2.209460984245205e+02, A3 = -2.759285104469687e+02;
    private const double A4 = 1.383577518672690e+02, A5 = -3.066479806614716e+01, A6 = 2.506628277459239e+00;
    private const double B1 = -5.447609879822406e+01, B2 = 1.615858368580409e+02, B3 = -1.556989798598866e+02;
    private const double B4 = 6.680131188771972e+01, B5 = -1.328068155288572e+01;
    private const double C1 = -7.784894002430293e-03, C2 = -3.223964580411365e-01, C3 = -2.400758277161838e+00;
    private const double C4 = -2.549732539343734e+00, C5 = 4.374664141464968e+00, C6 = 2.938163982698783e+00;
    private const double D1 = 7.784695709041462e-03, D2 = 3.224671290700398e-01, D3 = 2.445134137142996e+00;
    private const double D4 = 3.754408661907416e+00;

    // ln 2 split so that e·Ln2Hi is exact for |e| < 2¹¹
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>Φ⁻¹(<paramref name="p"/>) for 0 &lt; p &lt; 1.</summary>
    public static double Of(double p)
    {
        if (!(p > 0.0 && p < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1 is needed.");
        }

        if (p < Low)
        {
            return Tail(p);
        }

        if (p > High)
        {
            return -Tail(1.0 - p);
        }

        var q = p - 0.5;
        var r = q * q;
        return (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q
            / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1.0);
    }

    // the lower tail, p < 0.02425
    private static double Tail(double p)
    {
        var q = Math.Sqrt(-2.0 * Log(p));
        return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
            / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1.0);
    }

    /// <summary>
    /// ln x for a positive normal x with arithmetic only: x = m·2ᵉ with m in [√½, √2), ln m = 2·atanh(s),
    /// s = (m − 1)/(m + 1), |s| ≤ 0.1716, by its series to s²⁵ (truncation below 10⁻¹⁸ relative).
    /// </summary>
    internal static double Log(double x)
    {
        var bits = BitConverter.DoubleToInt64Bits(x);
        var e = (int)((bits >> 52) & 0x7FF) - 1023;
        var m = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (m > 1.4142135623730951)
        {
            m *= 0.5;
            e++;
        }

        var s = (m - 1.0) / (m + 1.0);
        var s2 = s * s;
        var series = 1.0 / 25.0;
        for (var k = 23; k >= 1; k -= 2)
        {
            series = series * s2 + 1.0 / k;
        }

        return e * Ln2Hi + (e * Ln2Lo + 2.0 * s * series);
    }
}
