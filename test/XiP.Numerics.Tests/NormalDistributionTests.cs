namespace XiP.Numerics.Tests;

public sealed class NormalDistributionTests
{
    /// <summary>The README's bound for the normal CDF against the 256-bit mpmath reference, in both tails.</summary>
    private const double CdfUlps = 3.0;

    /// <summary>Pdf against exp(−x²/2)/√(2π) written out: the exponents are the same double, so only the constant's rounding differs (a few ulps).</summary>
    private const double PdfRelativeTolerance = 1e-15;

    /// <summary>N(x) + N(−x) = 1: each term is within a few ulps of itself and both are ≤ 1.</summary>
    private const double ReflectionTolerance = 1e-15;

    /// <summary>1/√(2π) computed in double arithmetic may differ from the correctly rounded constant by an ulp (5.5e-17).</summary>
    private const double ConstantTolerance = 1e-16;

    /// <summary>The README's bound near zero (|x| ≤ 1), where N is one polynomial with no exponential (fit_normal_cdf_near_zero.py's figure).</summary>
    private const double NearZeroUlps = 1.4;

    /// <summary>The lower tail the reference table must reach: N(−37) ≈ 5.7e-300, still a normal double.</summary>
    private const double DeepestLowerTail = -37.0;

    [Fact]
    public void Cdf_ReferenceTable_ReachesDeepLowerTail()
    {
        var rows = NormalReference.Load(NormalReference.NormalCdf);

        Assert.True(rows.Count >= 500, $"only {rows.Count} ncdf rows");
        Assert.True(rows.Min(r => r.X) <= DeepestLowerTail);
        Assert.True(rows.Max(r => r.X) >= 8.0);
    }

    [Fact]
    public void Cdf_ReferenceRows_WithinThreeUlps()
    {
        var rows = NormalReference.Load(NormalReference.NormalCdf);
        Assert.NotEmpty(rows);

        NormalReference.AssertAllWithin(
            rows.Select(r =>
            {
                var actual = NormalDistribution.Cdf(r.X);
                return (r.X, r.Expected, actual, NormalReference.Ulps(actual, r.Expected));
            }),
            CdfUlps,
            "normal CDF, in ulps");
    }

    [Fact]
    public void Cdf_NearZeroReferenceRows_WithinOnePointFourUlps()
    {
        var rows = NormalReference.Load(NormalReference.NormalCdf).Where(r => Math.Abs(r.X) <= 1.0).ToList();
        Assert.True(rows.Count >= 300, $"only {rows.Count} ncdf rows with |x| ≤ 1");

        NormalReference.AssertAllWithin(
            rows.Select(r =>
            {
                var actual = NormalDistribution.Cdf(r.X);
                return (r.X, r.Expected, actual, NormalReference.Ulps(actual, r.Expected));
            }),
            NearZeroUlps,
            "normal CDF near zero, in ulps");
    }

    [Fact]
    public void Cdf_Zero_IsExactlyHalf()
    {
        Assert.Equal(0.5, NormalDistribution.Cdf(0.0));
        Assert.Equal(0.5, NormalDistribution.Cdf(-0.0));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(6.0)]
    public void Cdf_Reflection_SumsToOne(double x)
    {
        Assert.Equal(1.0, NormalDistribution.Cdf(x) + NormalDistribution.Cdf(-x), ReflectionTolerance);
    }

    [Fact]
    public void Cdf_NaN_IsNaN()
    {
        Assert.True(double.IsNaN(NormalDistribution.Cdf(double.NaN)));
    }

    // The limits at ±∞ matter beyond the CDF itself: d1 and d2 are ±∞ in the option kernels when the
    // volatility, the spot or the strike is zero.
    [Fact]
    public void Cdf_NegativeInfinity_IsZero()
    {
        Assert.Equal(0.0, NormalDistribution.Cdf(double.NegativeInfinity));
    }

    [Fact]
    public void Cdf_PositiveInfinity_IsOne()
    {
        Assert.Equal(1.0, NormalDistribution.Cdf(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(-1.0)]
    [InlineData(1.7)]
    [InlineData(-3.25)]
    [InlineData(8.0)]
    [InlineData(-20.0)]
    [InlineData(37.5)]
    public void Pdf_Argument_MatchesGaussianDensity(double x)
    {
        var expected = Math.Exp(-x * x / 2.0) / Math.Sqrt(2.0 * Math.PI);

        Assert.True(NormalReference.RelativeError(NormalDistribution.Pdf(x), expected) <= PdfRelativeTolerance,
            $"Pdf({x}) = {NormalDistribution.Pdf(x):R}, expected {expected:R}");
    }

    [Fact]
    public void Pdf_Symmetric_EqualsAtNegatedArgument()
    {
        foreach (var x in new[] { 0.1, 1.0, 2.75, 9.0 })
        {
            Assert.Equal(NormalDistribution.Pdf(x), NormalDistribution.Pdf(-x));
        }
    }

    [Fact]
    public void Pdf_FarTail_UnderflowsToZero()
    {
        Assert.Equal(0.0, NormalDistribution.Pdf(40.0));
        Assert.Equal(0.0, NormalDistribution.Pdf(double.PositiveInfinity));
    }

    [Fact]
    public void InverseSqrtTwoPi_Constant_IsCorrectlyRounded()
    {
        Assert.Equal(NormalDistribution.InverseSqrtTwoPi, 1.0 / Math.Sqrt(2.0 * Math.PI), ConstantTolerance);
        Assert.Equal(NormalDistribution.InverseSqrtTwoPi, NormalDistribution.Pdf(0.0));
    }
}
