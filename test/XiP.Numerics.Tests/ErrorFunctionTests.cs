namespace XiP.Numerics.Tests;

public sealed class ErrorFunctionTests
{
    /// <summary>The README's bound for erfc against the 256-bit mpmath reference.</summary>
    private const double ErfcUlps = 3.0;

    /// <summary>|erf| ≤ 1, so erf is held to an absolute bound of a few ulps of 1.</summary>
    private const double ErfAbsoluteTolerance = 4e-16;

    /// <summary>Rows below this are (nearly) subnormal and carry fewer significant bits than a double.</summary>
    private const double SmallestComparedValue = 1e-300;

    [Fact]
    public void Erfc_ReferenceTable_CoversBothTails()
    {
        var rows = NormalReference.Load(NormalReference.Erfc);

        Assert.True(rows.Count >= 600, $"only {rows.Count} erfc rows");
        Assert.True(rows.Min(r => r.X) <= -6.0);
        Assert.True(rows.Max(r => r.X) >= 26.0);
    }

    [Fact]
    public void Erfc_ReferenceRows_WithinThreeUlps()
    {
        var rows = NormalReference.Load(NormalReference.Erfc).Where(r => r.Expected >= SmallestComparedValue).ToList();
        Assert.NotEmpty(rows);

        NormalReference.AssertAllWithin(
            rows.Select(r =>
            {
                var actual = ErrorFunction.Erfc(r.X);
                return (r.X, r.Expected, actual, NormalReference.Ulps(actual, r.Expected));
            }),
            ErfcUlps,
            "erfc, in ulps");
    }

    [Fact]
    public void Erf_ReferenceRows_AbsoluteErrorWithinTolerance()
    {
        // erf = 1 − erfc; the reference erfc carries 25 digits, so 1 − erfc is exact enough in double.
        var rows = NormalReference.Load(NormalReference.Erfc).Where(r => r.X <= 6.0).ToList();
        Assert.NotEmpty(rows);

        NormalReference.AssertAllWithin(
            rows.Select(r =>
            {
                var expected = 1.0 - r.Expected;
                var actual = ErrorFunction.Erf(r.X);
                return (r.X, expected, actual, Math.Abs(actual - expected));
            }),
            ErfAbsoluteTolerance,
            "erf");
    }

    [Theory]
    [InlineData(1e-300)]
    [InlineData(1e-9)]
    [InlineData(0.1)]
    [InlineData(0.46875)]
    [InlineData(0.46875000000000006)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.999999999999999)]
    [InlineData(4.0)]
    [InlineData(4.000000000000001)]
    [InlineData(5.5)]
    [InlineData(26.6)]
    [InlineData(double.PositiveInfinity)]
    public void Erf_NegatedArgument_IsExactlyNegated(double x)
    {
        Assert.Equal(-ErrorFunction.Erf(x), ErrorFunction.Erf(-x));
    }

    [Fact]
    public void Erf_SmallArgument_KeepsRelativeAccuracy()
    {
        // erf(x) = 2x/√π·(1 − x²/3 + …): for |x| ≤ 1e-9 the series is the leading term to double precision.
        const double x = 1e-10;
        var expected = 2.0 * x / Math.Sqrt(Math.PI);

        Assert.True(NormalReference.Ulps(ErrorFunction.Erf(x), expected) <= ErfcUlps);
    }

    [Fact]
    public void Erfc_NaN_IsNaN()
    {
        Assert.True(double.IsNaN(ErrorFunction.Erfc(double.NaN)));
        Assert.True(double.IsNaN(ErrorFunction.Erf(double.NaN)));
    }

    [Fact]
    public void Erfc_PositiveInfinity_IsZero()
    {
        Assert.Equal(0.0, ErrorFunction.Erfc(double.PositiveInfinity));
        Assert.Equal(1.0, ErrorFunction.Erf(double.PositiveInfinity));
    }

    [Fact]
    public void Erfc_NegativeInfinity_IsTwo()
    {
        Assert.Equal(2.0, ErrorFunction.Erfc(double.NegativeInfinity));
        Assert.Equal(-1.0, ErrorFunction.Erf(double.NegativeInfinity));
    }

    [Fact]
    public void Erfc_Zero_IsOne()
    {
        Assert.Equal(1.0, ErrorFunction.Erfc(0.0));
        Assert.Equal(1.0, ErrorFunction.Erfc(-0.0));
        Assert.Equal(0.0, ErrorFunction.Erf(0.0));
    }

    [Fact]
    public void Erfc_DeepTail_IsSubnormalThenZero()
    {
        // erfc(27) = 5.23704892378925568e-319 (mpmath) is subnormal: kept to within two subnormal steps.
        Assert.Equal(5.23704892378925568e-319, ErrorFunction.Erfc(27.0), 1e-323);
        Assert.Equal(0.0, ErrorFunction.Erfc(28.0));
        Assert.Equal(2.0, ErrorFunction.Erfc(-27.0));
    }

    [Fact]
    public void Erfc_ReferenceRows_DecreasingInX()
    {
        var rows = NormalReference.Load(NormalReference.Erfc).OrderBy(r => r.X).ToList();

        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(ErrorFunction.Erfc(rows[i].X) <= ErrorFunction.Erfc(rows[i - 1].X), $"erfc increases between x = {rows[i - 1].X:R} and {rows[i].X:R}");
        }
    }
}
