using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

/// <summary>
/// The batch normal CDF evaluates the arguments away from zero apart from the others; every element must still be the
/// bits the scalar function gives it alone, on every register width and however the batch is cut.
/// </summary>
public sealed class NormalCdfBatchTests
{
    /// <summary>φ against mpmath: about 2 ulps (the exponential's ulp, the split of x², the constant).</summary>
    private const double DensityRelativeTolerance = 5e-16;

    /// <summary>The smallest positive normal double; below it φ has fewer significant bits.</summary>
    private const double SmallestNormal = 2.2250738585072014e-308;

    [Theory]
    [VectorWidth(512)]
    [VectorWidth(256)]
    [VectorWidth(128)]
    [VectorWidth(0)]
    public void Cdf_MixedRangesEveryLength_EachElementBitIdenticalToScalar(int vectorBits)
    {
        var pool = MixedArguments(seed: 5, count: 700);

        for (var n = 0; n <= pool.Length; n = n < 40 ? n + 1 : n + 219)
        {
            var x = pool.AsSpan(0, n);
            var batch = new double[n];
            using (SimdPolicy.Limit(vectorBits))
            {
                NormalDistribution.Cdf(x, batch);
            }

            for (var i = 0; i < n; i++)
            {
                Bits.AssertIdentical(NormalDistribution.Cdf(x[i]), batch[i], $"width {vectorBits}, n = {n}, x[{i}] = {x[i]:R}");
            }
        }
    }

    [Theory]
    [VectorWidth(512)]
    [VectorWidth(256)]
    [VectorWidth(128)]
    [VectorWidth(0)]
    public void Cdf_WholeRegistersOnOneSide_EachElementBitIdenticalToScalar(int vectorBits)
    {
        // far from the money every lane of a register is away from zero (listed in one store), near it none is
        var random = new Random(21);
        var x = new double[300];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = i < 150 ? (1.0 + 9.0 * random.NextDouble()) * (random.Next(2) == 0 ? 1 : -1) : -1.0 + 2.0 * random.NextDouble();
        }

        var batch = new double[x.Length];
        using (SimdPolicy.Limit(vectorBits))
        {
            NormalDistribution.Cdf(x, batch);
        }

        for (var i = 0; i < x.Length; i++)
        {
            Bits.AssertIdentical(NormalDistribution.Cdf(x[i]), batch[i], $"width {vectorBits}, x[{i}] = {x[i]:R}");
        }
    }

    [Fact]
    public void Cdf_InPlace_SameBitsAsSeparateDestination()
    {
        var x = MixedArguments(seed: 9, count: 600);
        var separate = new double[x.Length];
        NormalDistribution.Cdf(x, separate);

        var inPlace = (double[])x.Clone();
        NormalDistribution.Cdf(inPlace, inPlace);

        for (var i = 0; i < x.Length; i++)
        {
            Bits.AssertIdentical(separate[i], inPlace[i], $"x[{i}] = {x[i]:R}");
        }
    }

    [Fact]
    public void Cdf_ReferenceRowsAsOneBatch_BitIdenticalToScalar()
    {
        var rows = NormalReference.Load(NormalReference.NormalCdf);
        var x = rows.Select(r => r.X).ToArray();
        var batch = new double[x.Length];

        NormalDistribution.Cdf(x, batch);

        for (var i = 0; i < x.Length; i++)
        {
            Bits.AssertIdentical(NormalDistribution.Cdf(x[i]), batch[i], $"x = {x[i]:R}");
        }
    }

    [Fact]
    public void Cdf_ShortDestination_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => NormalDistribution.Cdf(new double[5], new double[4]));
    }

    [Fact]
    public void NormalDensity_ReferenceRows_RelativeErrorWithinTolerance()
    {
        var rows = NormalReference.Load(NormalReference.NormalDensity);
        Assert.True(rows.Count >= 500, $"only {rows.Count} npdf rows");

        NormalReference.AssertAllWithin(
            rows.Where(r => r.Expected >= SmallestNormal).Select(r =>
            {
                var actual = LaneMath.NormalDensity(Lane1.Broadcast(r.X)).Value;
                return (r.X, r.Expected, actual, NormalReference.RelativeError(actual, r.Expected));
            }),
            DensityRelativeTolerance,
            "normal density");
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e200)]
    public void NormalDensity_FarTails_IsZero(double x)
    {
        Assert.Equal(0.0, LaneMath.NormalDensity(Lane1.Broadcast(x)).Value);
    }

    // Both sides of the range boundary |x| = 1, the far tails beyond |x|/√2 = 4,
    // ±0, ±∞ and NaN, shuffled so every register mixes ranges.
    private static double[] MixedArguments(int seed, int count)
    {
        var random = new Random(seed);
        const double boundary = 1.0;
        double[] special = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, boundary, -boundary,
            Math.BitIncrement(boundary), Math.BitDecrement(boundary), -Math.BitIncrement(boundary), -Math.BitDecrement(boundary),
            -37.5, 8.3, 5.657, -5.657, 1e-300, -1e-300];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (i % 5) switch
            {
                0 => special[random.Next(special.Length)],
                1 => boundary * (0.98 + 0.04 * random.NextDouble()) * (random.Next(2) == 0 ? 1 : -1),
                2 => -12.0 + 20.0 * random.NextDouble(),
                _ => -1.2 + 2.4 * random.NextDouble(),
            };
        }

        return values;
    }
}
