namespace XiP.Numerics;

/// <summary>
/// The complementary error function to full double precision in both tails.
/// </summary>
/// <remarks>
/// .NET has no erfc. This follows W. J. Cody, "Rational Chebyshev approximations for the error
/// function", Math. Comp. 23 (1969): three rational approximations on |x| ≤ 0.46875, ≤ 4 and
/// beyond, with exp(−x²) split as exp(−h²)·exp(−(x−h)(x+h)) where h is x truncated to 1/16 so
/// that the rounding of x² does not cost relative accuracy in the far tail, where option prices
/// of deep out-of-the-money strikes live.
/// </remarks>
public static class ErrorFunction
{
    // Beyond this erfc(x) underflows to 0 in double precision.
    private const double ErfcUnderflow = 26.543;
    private const double SmallArgument = 0.46875;
    private const double InverseSqrtPi = 5.6418958354775628695e-1;

    private static ReadOnlySpan<double> A => [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static ReadOnlySpan<double> B => [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static ReadOnlySpan<double> C => [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static ReadOnlySpan<double> D => [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static ReadOnlySpan<double> P => [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static ReadOnlySpan<double> Q => [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>erfc(x) = 1 − erf(x), with relative accuracy near machine precision for all x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var y = Math.Abs(x);
        if (y <= SmallArgument)
        {
            return 1.0 - ErfSmall(x);
        }

        var tail = y <= 4.0 ? ErfcMiddle(y) : ErfcLarge(y);
        return x < 0 ? 2.0 - tail : tail;
    }

    /// <summary>erf(x), accurate near machine precision; computed from erfc away from zero.</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        var y = Math.Abs(x);
        if (y <= SmallArgument)
        {
            return ErfSmall(x);
        }

        var tail = y <= 4.0 ? ErfcMiddle(y) : ErfcLarge(y);
        var erf = 1.0 - tail;
        return x < 0 ? -erf : erf;
    }

    private static double ErfSmall(double x)
    {
        var ysq = x * x;
        var num = A[4] * ysq;
        var den = ysq;
        for (var i = 0; i < 3; i++)
        {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }

        return x * (num + A[3]) / (den + B[3]);
    }

    private static double ErfcMiddle(double y)
    {
        var num = C[8] * y;
        var den = y;
        for (var i = 0; i < 7; i++)
        {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }

        return GaussianFactor(y) * ((num + C[7]) / (den + D[7]));
    }

    private static double ErfcLarge(double y)
    {
        if (y >= ErfcUnderflow)
        {
            return 0.0;
        }

        var ysq = 1.0 / (y * y);
        var num = P[5] * ysq;
        var den = ysq;
        for (var i = 0; i < 4; i++)
        {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }

        var r = ysq * (num + P[4]) / (den + Q[4]);
        return GaussianFactor(y) * ((InverseSqrtPi - r) / y);
    }

    // exp(−y²) without the rounding error of y² : h = y truncated to a multiple of 1/16 has an
    // exact square, and (y−h)(y+h) is small so its rounding error hardly matters.
    private static double GaussianFactor(double y)
    {
        var h = Math.Truncate(y * 16.0) / 16.0;
        var del = (y - h) * (y + h);
        return Math.Exp(-h * h) * Math.Exp(-del);
    }
}
