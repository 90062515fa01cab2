using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>
/// The error function and its complement to full double precision in both tails.
/// </summary>
/// <remarks>
/// .NET has no erfc. This follows W. J. Cody, "Rational Chebyshev approximations for the error
/// function", Math. Comp. 23 (1969): three rational approximations on |x| ≤ 0.46875, ≤ 4 and beyond,
/// with exp(−x²) taken from the exactly split square of x, so the far tail — where the prices of deep
/// out-of-the-money options live — keeps its relative accuracy. The scalar entry points here run the
/// same code as the vector kernels (<see cref="LaneMath"/>), so they give the same bits.
/// </remarks>
public static class ErrorFunction
{
    /// <summary>erfc(x) = 1 − erf(x), with relative accuracy of a few units in the last place for all x.</summary>
    public static double Erfc(double x) => LaneMath.Erfc(Lane1.Broadcast(x)).Value;

    /// <summary>erf(x), accurate near machine precision; computed from erfc away from zero.</summary>
    public static double Erf(double x)
    {
        if (Math.Abs(x) <= LaneMath.ErfNearZeroLimit)
        {
            return LaneMath.ErfNearZero(Lane1.Broadcast(x)).Value;
        }

        var erf = 1.0 - Erfc(Math.Abs(x));
        return x < 0 ? -erf : erf;
    }
}
