namespace XiP.Numerics.Tests;

public sealed class CurveInterpolationTests
{
    /// <summary>Zero rates of a few percent interpolated in one step: a couple of ulps of 0.03.</summary>
    private const double ZeroRateTolerance = 1e-16;

    /// <summary>Discount factors (≤ 1) compared along two computation paths: a few ulps of 1.</summary>
    private const double DiscountFactorRelativeTolerance = 1e-15;

    /// <summary>ln P recovered with Math.Log from an interpolated P: a few ulps of ln P plus the log's own rounding.</summary>
    private const double LogDiscountTolerance = 1e-15;

    // A curve whose interpolation is exact in binary: every value and slope is a dyadic rational.
    private static readonly double[] _dyadicPillars = [1.0, 2.0, 4.0];
    private static readonly double[] _dyadicZeros = [0.03125, 0.0625, 0.046875];

    private static readonly double[] _pillars = [0.5, 1.0, 2.0, 5.0, 10.0];
    private static readonly double[] _zeros = [0.02, 0.025, 0.03, 0.032, 0.031];

    private static readonly double[] _nodes = [0.0, 0.5, 1.0, 2.0, 5.0, 10.0];
    private static readonly double[] _logDiscounts = [0.0, -0.011, -0.0245, -0.0598, -0.161, -0.3105];

    [Fact]
    public void LinearZeroRate_AtPillars_ReturnsPillarRateExactly()
    {
        for (var i = 0; i < _pillars.Length; i++)
        {
            Assert.Equal(_zeros[i], Curves.LinearZeroRate(_pillars, _zeros, _pillars[i]));
        }
    }

    [Fact]
    public void LinearZeroDiscountFactors_AtPillars_AreExpOfMinusRateTimesTime()
    {
        var destination = new double[_pillars.Length];

        Curves.LinearZeroDiscountFactors(_pillars, _zeros, _pillars, destination);

        for (var i = 0; i < _pillars.Length; i++)
        {
            Assert.Equal(Math.Exp(-_zeros[i] * _pillars[i]), destination[i]);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(0.4999999999999999)]
    public void LinearZeroRate_BeforeFirstPillar_FlatAtFirstRate(double t)
    {
        Assert.Equal(_zeros[0], Curves.LinearZeroRate(_pillars, _zeros, t));
    }

    [Theory]
    [InlineData(10.000000000000002)]
    [InlineData(12.0)]
    [InlineData(50.0)]
    public void LinearZeroRate_AfterLastPillar_FlatAtLastRate(double t)
    {
        Assert.Equal(_zeros[^1], Curves.LinearZeroRate(_pillars, _zeros, t));
    }

    [Theory]
    // z(1.5) = 0.03125 + 0.5·0.03125; z(3) = 0.0625 + 1·(−0.015625/2); z(2.5) = 0.0625 + 0.5·(−0.0078125)
    [InlineData(1.5, 0.046875)]
    [InlineData(3.0, 0.0546875)]
    [InlineData(2.5, 0.05859375)]
    public void LinearZeroRate_DyadicCurveBetweenPillars_ExactHandValue(double t, double expected)
    {
        Assert.Equal(expected, Curves.LinearZeroRate(_dyadicPillars, _dyadicZeros, t));

        var destination = new double[1];
        Curves.LinearZeroDiscountFactors(_dyadicPillars, _dyadicZeros, [t], destination);
        Assert.Equal(Math.Exp(-expected * t), destination[0]);
    }

    [Theory]
    // z(3.5) = 0.03 + 1.5·(0.002/3) = 0.031; z(0.75) = 0.0225; z(7.5) = 0.0315
    [InlineData(3.5, 0.031)]
    [InlineData(0.75, 0.0225)]
    [InlineData(7.5, 0.0315)]
    public void LinearZeroRate_BetweenPillars_LinearHandValue(double t, double expected)
    {
        Assert.Equal(expected, Curves.LinearZeroRate(_pillars, _zeros, t), ZeroRateTolerance);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(30.0)]
    public void LinearZeroRate_SinglePillar_FlatEverywhere(double t)
    {
        double[] pillar = [2.0];
        double[] zero = [0.04];

        Assert.Equal(0.04, Curves.LinearZeroRate(pillar, zero, t));
        var destination = new double[1];
        Curves.LinearZeroDiscountFactors(pillar, zero, [t], destination);
        Assert.Equal(Math.Exp(-0.04 * t), destination[0]);
    }

    [Fact]
    public void LinearZeroRate_RandomCurves_MatchesLinearScanInterpolation()
    {
        var random = new Random(17);
        for (var trial = 0; trial < 100; trial++)
        {
            var (pillars, zeros) = RandomCurve(random, 1 + random.Next(30), firstAtZero: false);
            foreach (var t in QueryTimes(random, pillars))
            {
                Bits.AssertIdentical(ScanLinearZeroRate(pillars, zeros, t), Curves.LinearZeroRate(pillars, zeros, t), $"trial {trial}, n = {pillars.Length}, t = {t:R}");
            }
        }
    }

    [Fact]
    public void LinearZeroDiscountFactors_RandomCurves_EqualScalarElementwise()
    {
        var random = new Random(19);
        for (var trial = 0; trial < 50; trial++)
        {
            var (pillars, zeros) = RandomCurve(random, 1 + random.Next(20), firstAtZero: false);
            var times = QueryTimes(random, pillars);
            var destination = new double[times.Length];

            Curves.LinearZeroDiscountFactors(pillars, zeros, times, destination);

            for (var i = 0; i < times.Length; i++)
            {
                var t = times[i];
                Bits.AssertIdentical(Curves.LinearZeroDiscountFactor(pillars, zeros, t), destination[i], $"trial {trial}, t = {t:R}");
            }
        }
    }

    [Fact]
    public void LinearZeroDiscountFactors_MismatchedCurveLengths_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Curves.LinearZeroDiscountFactors(_pillars, _zeros[..^1], new[] { 1.0 }, new double[1]));
    }

    [Fact]
    public void LinearZeroDiscountFactors_ShortDestination_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Curves.LinearZeroDiscountFactors(_pillars, _zeros, new[] { 1.0, 2.0, 3.0 }, new double[2]));
    }

    [Fact]
    public void LogLinearDiscountFactor_AtNodesBeforeLast_ReturnsExpOfNodeValueExactly()
    {
        for (var i = 0; i < _nodes.Length - 1; i++)
        {
            Assert.Equal(Math.Exp(_logDiscounts[i]), Curves.LogLinearDiscountFactor(_nodes, _logDiscounts, _nodes[i]));
        }
    }

    [Fact]
    public void LogLinearDiscountFactor_AtLastNode_WithinOneUlpOfNodeValue()
    {
        // The last segment is closed on the right (as QuantLib): at the last node the kernel evaluates
        // y₀ + (t₁ − t₀)·s₀, which can miss y₁ by an ulp. Here it does: −0.07749999999999999 for −0.0775.
        double[] nodes = [0.0, 1.0, 2.5];
        double[] logDiscounts = [0.0, -0.025, -0.0775];
        var exact = Math.Exp(logDiscounts[^1]);

        var actual = Curves.LogLinearDiscountFactor(nodes, logDiscounts, nodes[^1]);

        Assert.InRange(actual, Math.BitDecrement(exact), Math.BitIncrement(exact));
    }

    [Fact]
    public void LogLinearDiscountFactor_SegmentMidpoints_GeometricMeanOfNeighbours()
    {
        for (var i = 0; i + 1 < _nodes.Length; i++)
        {
            var mid = 0.5 * (_nodes[i] + _nodes[i + 1]);
            var expected = Math.Sqrt(Math.Exp(_logDiscounts[i]) * Math.Exp(_logDiscounts[i + 1]));

            var actual = Curves.LogLinearDiscountFactor(_nodes, _logDiscounts, mid);

            Assert.True(NormalReference.RelativeError(actual, expected) <= DiscountFactorRelativeTolerance, $"t = {mid}: {actual:R} vs {expected:R}");
        }
    }

    [Fact]
    public void LogLinearDiscountFactor_InsideSegments_LogLinearInTime()
    {
        var random = new Random(23);
        for (var i = 0; i + 1 < _nodes.Length; i++)
        {
            for (var k = 0; k < 20; k++)
            {
                var w = random.NextDouble();
                var t = _nodes[i] + w * (_nodes[i + 1] - _nodes[i]);
                var expected = _logDiscounts[i] + (t - _nodes[i]) / (_nodes[i + 1] - _nodes[i]) * (_logDiscounts[i + 1] - _logDiscounts[i]);

                Assert.Equal(expected, Math.Log(Curves.LogLinearDiscountFactor(_nodes, _logDiscounts, t)), LogDiscountTolerance);
            }
        }
    }

    [Theory]
    [InlineData(10.5)]
    [InlineData(15.0)]
    [InlineData(40.0)]
    public void LogLinearDiscountFactor_BeyondLastNode_ZeroRateFlat(double t)
    {
        var lastZero = -_logDiscounts[^1] / _nodes[^1];

        var zero = -Math.Log(Curves.LogLinearDiscountFactor(_nodes, _logDiscounts, t)) / t;

        Assert.Equal(lastZero, zero, LogDiscountTolerance);
    }

    [Fact]
    public void LogLinearDiscountFactor_DyadicCurveBeyondLastNode_ExactFlatZeroExtrapolation()
    {
        // ln P(2) = −0.078125, zero rate 0.0390625; ln P(3) = −0.1171875 exactly
        double[] nodes = [0.0, 1.0, 2.0];
        double[] logDiscounts = [0.0, -0.03125, -0.078125];

        Assert.Equal(Math.Exp(-0.1171875), Curves.LogLinearDiscountFactor(nodes, logDiscounts, 3.0));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(3.0)]
    public void LogLinearDiscountFactor_SingleNodeAtZero_IsOne(double t)
    {
        Assert.Equal(1.0, Curves.LogLinearDiscountFactor([0.0], [0.0], t));
    }

    [Fact]
    public void LogLinearDiscountFactor_RandomCurves_MatchesLinearScanInterpolation()
    {
        var random = new Random(29);
        for (var trial = 0; trial < 100; trial++)
        {
            var (nodes, logDiscounts) = RandomCurve(random, 1 + random.Next(30), firstAtZero: true);
            foreach (var t in QueryTimes(random, nodes))
            {
                Bits.AssertIdentical(ScanLogLinear(nodes, logDiscounts, t), Curves.LogLinearDiscountFactor(nodes, logDiscounts, t), $"trial {trial}, n = {nodes.Length}, t = {t:R}");
            }
        }
    }

    [Fact]
    public void LogLinearDiscountFactors_RandomCurves_EqualScalarElementwise()
    {
        var random = new Random(31);
        for (var trial = 0; trial < 50; trial++)
        {
            var (nodes, logDiscounts) = RandomCurve(random, 1 + random.Next(20), firstAtZero: true);
            var times = QueryTimes(random, nodes);
            var destination = new double[times.Length];

            Curves.LogLinearDiscountFactors(nodes, logDiscounts, times, destination);

            for (var i = 0; i < times.Length; i++)
            {
                Bits.AssertIdentical(Curves.LogLinearDiscountFactor(nodes, logDiscounts, times[i]), destination[i], $"trial {trial}, t = {times[i]:R}");
            }
        }
    }

    [Fact]
    public void LogLinearDiscountFactors_MismatchedCurveLengths_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Curves.LogLinearDiscountFactors(_nodes[..^1], _logDiscounts, new[] { 1.0 }, new double[1]));
    }

    [Fact]
    public void LogLinearDiscountFactors_ShortDestination_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Curves.LogLinearDiscountFactors(_nodes, _logDiscounts, new[] { 1.0, 2.0, 3.0 }, new double[2]));
    }

    [Fact]
    public void DiscountFactorBatches_EmptyTimes_WriteNothing()
    {
        double[] destination = [-1.0];

        Curves.LinearZeroDiscountFactors(_pillars, _zeros, [], destination);
        Curves.LogLinearDiscountFactors(_nodes, _logDiscounts, [], destination);

        Assert.Equal(-1.0, destination[0]);
    }

    // the kernels' exp: the reference differs from them only in how it finds the segment
    private static double Exp(double x) => XiP.Numerics.Simd.LaneMath.Exp(XiP.Numerics.Simd.Lane1.Broadcast(x)).Value;

    /// <summary>Reference: the segment found by a linear scan, same arithmetic as the kernel.</summary>
    private static double ScanLinearZeroRate(double[] pillars, double[] zeros, double t)
    {
        var n = pillars.Length;
        if (t <= pillars[0])
        {
            return zeros[0];
        }

        // flat beyond the last pillar; the last segment is closed on the right, as QuantLib's
        if (t > pillars[n - 1])
        {
            return zeros[n - 1];
        }

        var i = 0;
        while (i < n - 2 && pillars[i + 1] <= t)
        {
            i++;
        }

        return Math.FusedMultiplyAdd(t - pillars[i], (zeros[i + 1] - zeros[i]) / (pillars[i + 1] - pillars[i]), zeros[i]);
    }

    /// <summary>Reference: linear scan for the segment, the last segment closed on the right (as QuantLib).</summary>
    private static double ScanLogLinear(double[] nodes, double[] logDiscounts, double t)
    {
        var n = nodes.Length;
        if (t > nodes[n - 1])
        {
            return nodes[n - 1] > 0.0 ? Exp(Math.FusedMultiplyAdd(t - nodes[n - 1], logDiscounts[n - 1] / nodes[n - 1], logDiscounts[n - 1])) : 1.0;
        }

        if (t <= nodes[0])
        {
            return Exp(logDiscounts[0]);
        }

        var i = 0;
        while (i + 2 < n && nodes[i + 1] <= t)
        {
            i++;
        }

        return Exp(Math.FusedMultiplyAdd(t - nodes[i], (logDiscounts[i + 1] - logDiscounts[i]) / (nodes[i + 1] - nodes[i]), logDiscounts[i]));
    }

    /// <summary>Strictly increasing times; values are zero rates, or ln P = −z·t when the first node is t = 0.</summary>
    private static (double[] Times, double[] Values) RandomCurve(Random random, int n, bool firstAtZero)
    {
        var times = new double[n];
        var values = new double[n];
        var t = firstAtZero ? 0.0 : 0.01 + random.NextDouble();
        for (var i = 0; i < n; i++)
        {
            times[i] = t;
            var zero = -0.01 + 0.08 * random.NextDouble();
            values[i] = firstAtZero ? -zero * t : zero;
            t += 0.01 + 2.0 * random.NextDouble();
        }

        return (times, values);
    }

    /// <summary>Every pillar, points between and around them, and random times on both sides.</summary>
    private static double[] QueryTimes(Random random, double[] pillars)
    {
        var times = new List<double>(pillars);
        times.Add(pillars[0] - 1.0);
        times.Add(pillars[^1] + 3.0);
        times.Add(Math.BitDecrement(pillars[0]));
        times.Add(Math.BitIncrement(pillars[^1]));
        for (var i = 0; i + 1 < pillars.Length; i++)
        {
            times.Add(0.5 * (pillars[i] + pillars[i + 1]));
            times.Add(Math.BitDecrement(pillars[i + 1]));
            times.Add(Math.BitIncrement(pillars[i]));
        }

        for (var k = 0; k < 20; k++)
        {
            times.Add(pillars[0] - 1.0 + (pillars[^1] - pillars[0] + 2.0) * random.NextDouble());
        }

        return [.. times];
    }
}

/// <summary>The two curve kinds of <see cref="CurveInterpolation"/> under the names these tests read best with.</summary>
internal static class Curves
{
    public static double LinearZeroRate(ReadOnlySpan<double> times, ReadOnlySpan<double> zeroRates, double t) =>
        CurveInterpolation.Value(CurveKind.LinearZero, times, zeroRates, t);

    public static double LinearZeroDiscountFactor(ReadOnlySpan<double> times, ReadOnlySpan<double> zeroRates, double t) =>
        CurveInterpolation.DiscountFactor(CurveKind.LinearZero, times, zeroRates, t);

    public static void LinearZeroDiscountFactors(ReadOnlySpan<double> times, ReadOnlySpan<double> zeroRates, ReadOnlySpan<double> at, Span<double> destination) =>
        CurveInterpolation.DiscountFactors(CurveKind.LinearZero, times, zeroRates, at, destination);

    public static double LogLinearDiscountFactor(ReadOnlySpan<double> times, ReadOnlySpan<double> logDiscountFactors, double t) =>
        CurveInterpolation.DiscountFactor(CurveKind.LogLinearDiscount, times, logDiscountFactors, t);

    public static void LogLinearDiscountFactors(ReadOnlySpan<double> times, ReadOnlySpan<double> logDiscountFactors, ReadOnlySpan<double> at, Span<double> destination) =>
        CurveInterpolation.DiscountFactors(CurveKind.LogLinearDiscount, times, logDiscountFactors, at, destination);
}
