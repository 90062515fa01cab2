using System.Runtime.InteropServices;
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
        if (RangeSortedNormalCdf.IsSupported)
        {
            RangeSortedNormalCdf.Evaluate(x, destination);
            return;
        }

        ref var source = ref MemoryMarshal.GetReference(x);
        ref var target = ref MemoryMarshal.GetReference(destination);
        var n = (nuint)x.Length;
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Lane512.Store(LaneMath.NormalCdf(Lane512.Load(ref source, i)), ref target, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Lane256x2.Store(LaneMath.NormalCdf(Lane256x2.Load(ref source, i)), ref target, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Lane128.Store(LaneMath.NormalCdf(Lane128.Load(ref source, i)), ref target, i);
            }
        }

        for (; i < n; i++)
        {
            Lane1.Store(LaneMath.NormalCdf(Lane1.Load(ref source, i)), ref target, i);
        }
    }

    /// <summary>φ(x) = exp(−x²/2)/√(2π).</summary>
    public static double Pdf(double x) => InverseSqrtTwoPi * LaneMath.Exp(Lane1.Broadcast(-0.5 * x * x)).Value;
}
