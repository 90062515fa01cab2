using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>The standard normal distribution.</summary>
public static class NormalDistribution
{
    /// <summary>1/√(2π).</summary>
    public const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    /// <summary>N(x) = ½·erfc(−x/√2), with relative accuracy near machine precision in both tails.</summary>
    /// <remarks>The same code as the vector kernels' (<see cref="LaneMath.NormalCdf{T}"/>), so the same bits.</remarks>
    public static double Cdf(double x) => LaneMath.NormalCdf(Lane1.Broadcast(x)).Value;

    /// <summary>N of every element of <paramref name="x"/>, the same bits as <see cref="Cdf(double)"/> of each.</summary>
    /// <remarks><paramref name="destination"/> may be <paramref name="x"/> itself, but must not otherwise overlap it.</remarks>
    public static void Cdf(ReadOnlySpan<double> x, Span<double> destination)
    {
        Checks.Destination(destination, x.Length);
        NormalCdfBatch.Evaluate(x, destination);
    }

    /// <summary>φ(x) = exp(−x²/2)/√(2π).</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * LaneMath.Exp(Lane1.Broadcast(-0.5 * x * x)).Value;
}
