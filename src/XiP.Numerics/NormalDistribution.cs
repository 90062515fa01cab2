namespace XiP.Numerics;

/// <summary>The standard normal distribution.</summary>
public static class NormalDistribution
{
    /// <summary>1/√(2π).</summary>
    public const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    // 1/√2 split into the nearest double and the remainder, so x/√2 is known to ~1e-32.
    private const double InverseSqrtTwoHigh = 0.70710678118654757;
    private const double InverseSqrtTwoLow = -4.8336466567264567e-17;
    private const double InverseSqrtPi = 0.564189583547756286948079451561;

    /// <summary>N(x) = ½·erfc(−x/√2), with relative accuracy near machine precision in both tails.</summary>
    /// <remarks>
    /// Rounding x/√2 to a double would cost a relative error of about x²·1e-16 in the lower tail
    /// (6e-15 at x = −6). The rounding error e of the argument is recovered with a fused
    /// multiply-add and put back to first order: erfc(y − e) ≈ erfc(y) + e·(2/√π)·exp(−y²).
    /// </remarks>
    public static double Cdf(double x)
    {
        var u = x * InverseSqrtTwoHigh;
        var e = Math.FusedMultiplyAdd(x, InverseSqrtTwoHigh, -u) + x * InverseSqrtTwoLow;
        var tail = ErrorFunction.Erfc(-u);
        // at ±∞ the correction is ∞ − ∞; the tail alone is exact there
        return double.IsFinite(e) ? 0.5 * tail + e * InverseSqrtPi * Math.Exp(-u * u) : 0.5 * tail;
    }

    /// <summary>φ(x) = exp(−x²/2)/√(2π).</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * Math.Exp(-0.5 * x * x);
}
