using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

public sealed class GeometricAsianTests
{
    private const double Call = 1.0;
    private const double Put = -1.0;

    /// <summary>Discrete moments against the O(n²) definition summed naively.</summary>
    private const double MomentRelativeTolerance = 1e-14;

    /// <summary>One fixing at expiry against the Black–Scholes kernel: the same lognormal, computed along another path.</summary>
    private const double EuropeanRelativeTolerance = 1e-12;

    /// <summary>Greeks of the one-fixing Asian against the Black–Scholes Greeks (different but equivalent formulas).</summary>
    private const double EuropeanGreekRelativeTolerance = 1e-11;

    /// <summary>Central differences: |fd − greek| ≤ rel·|greek| + abs.</summary>
    private const double GreekRelativeTolerance = 1e-6;
    private const double GreekAbsoluteTolerance = 1e-9;

    /// <summary>The second difference has round-off ~ε·V/h² and truncation ~h², so gamma is held looser.</summary>
    private const double GammaRelativeTolerance = 1e-5;

    /// <summary>Bumps of spot relative to spot (small for delta, larger for gamma), and absolute bump of volatility and rates.</summary>
    private const double DeltaSpotBump = 1e-5;
    private const double GammaSpotBump = 1e-4;
    private const double ParameterBump = 1e-5;

    /// <summary>The tolerance of test/ReferenceCases/asian_geometric.json: |got − exp| ≤ rtol·|exp| + atol.</summary>
    private const double QuantLibRelativeTolerance = 1e-10;
    private const double QuantLibAbsoluteTolerance = 1e-13;

    [Fact]
    public void DiscreteFixingMoments_RandomAscendingTimes_MatchNaiveDefinition()
    {
        var random = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = 1 + random.Next(60);
            var times = Enumerable.Range(0, n).Select(_ => 10.0 * random.NextDouble()).Order().ToArray();
            if (trial % 4 == 0 && n > 2)
            {
                times[1] = times[0]; // repeated fixing times are still ascending
            }

            var (mean, minTimeMean) = GeometricAsian.DiscreteFixingMoments(times);
            var (naiveMean, naiveMinTimeMean) = NaiveMoments(times);

            Assert.True(NormalReference.RelativeError(mean, naiveMean) <= MomentRelativeTolerance, $"trial {trial}, n = {n}: mean {mean:R} vs {naiveMean:R}");
            Assert.True(NormalReference.RelativeError(minTimeMean, naiveMinTimeMean) <= MomentRelativeTolerance, $"trial {trial}, n = {n}: M {minTimeMean:R} vs {naiveMinTimeMean:R}");
        }
    }

    [Fact]
    public void DiscreteFixingMoments_SingleFixing_AreThatTime()
    {
        Assert.Equal((2.75, 2.75), GeometricAsian.DiscreteFixingMoments([2.75]));
    }

    [Fact]
    public void DiscreteFixingMoments_NoFixings_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => GeometricAsian.DiscreteFixingMoments([]));
    }

    [Theory]
    [InlineData(3.0, 1.5, 1.0)]
    [InlineData(1.5, 0.75, 0.5)]
    [InlineData(0.75, 0.375, 0.25)]
    public void ContinuousFixingMoments_Expiry_HalfAndThird(double expiry, double mean, double minTimeMean)
    {
        Assert.Equal((mean, minTimeMean), GeometricAsian.ContinuousFixingMoments(expiry));
    }

    [Fact]
    public void ContinuousFixingMoments_DenseEquallySpacedFixings_AreTheLimit()
    {
        // t_i = iT/n: mean = T(n+1)/(2n), M = T(n+1)(2n+1)/(6n²); both approach the continuous value as O(T/n).
        const double expiry = 2.5;
        const int n = 100_000;
        var times = Enumerable.Range(1, n).Select(i => expiry * i / n).ToArray();

        var discrete = GeometricAsian.DiscreteFixingMoments(times);
        var continuous = GeometricAsian.ContinuousFixingMoments(expiry);

        Assert.Equal(continuous.MeanTime, discrete.MeanTime, expiry / n);
        Assert.Equal(continuous.MinTimeMean, discrete.MinTimeMean, expiry / n);
        Assert.True(discrete.MeanTime > continuous.MeanTime && discrete.MinTimeMean > continuous.MinTimeMean);
    }

    [Fact]
    public void PriceAndGreeks_OneFixingAtExpiry_PriceEqualsEuropean()
    {
        foreach (var o in EuropeanGrid())
        {
            var asian = AsianOne(o, o.Time, o.Time);
            var european = EuropeanOne(o);

            Assert.True(NormalReference.RelativeError(asian.Price[0], european.Price[0]) <= EuropeanRelativeTolerance,
                $"{o}: Asian {asian.Price[0]:R}, European {european.Price[0]:R}");
        }
    }

    [Fact]
    public void PriceAndGreeks_OneFixingAtExpiry_GreeksEqualEuropean()
    {
        foreach (var o in EuropeanGrid())
        {
            var (mean, minTimeMean) = GeometricAsian.DiscreteFixingMoments([o.Time]);
            var asian = AsianOne(o, mean, minTimeMean);
            var european = EuropeanOne(o);

            AssertRelative("delta", o, european.Delta[0], asian.Delta[0]);
            AssertRelative("gamma", o, european.Gamma[0], asian.Gamma[0]);
            AssertRelative("vega", o, european.Vega[0], asian.Vega[0]);
            AssertRelative("rho", o, european.Rho[0], asian.Rho[0]);
            AssertRelative("dividend rho", o, european.DividendRho[0], asian.DividendRho[0]);
        }
    }

    [Fact]
    public void PriceAndGreeks_DiscreteAndContinuousGrid_GreeksAgreeWithCentralDifferences()
    {
        double[] monthly = [.. Enumerable.Range(1, 12).Select(i => i / 12.0)];
        var schedules = new (string Name, double Expiry, (double MeanTime, double MinTimeMean) Moments)[]
        {
            ("monthly fixings", 1.0, GeometricAsian.DiscreteFixingMoments(monthly)),
            ("continuous over 2y", 2.0, GeometricAsian.ContinuousFixingMoments(2.0)),
            ("continuous over 3m", 0.25, GeometricAsian.ContinuousFixingMoments(0.25)),
        };

        var grid =
            from schedule in schedules
            from sign in new[] { Call, Put }
            from k in new[] { 85.0, 100.0, 115.0 }
            from r in new[] { 0.0, 0.04 }
            from q in new[] { 0.0, 0.025 }
            from sigma in new[] { 0.2, 0.5 }
            select (schedule, Option: new OptionInput(sign, 100.0, k, r, q, sigma, schedule.Expiry));

        foreach (var (schedule, o) in grid)
        {
            var (tBar, m) = schedule.Moments;
            var g = AsianOne(o, tBar, m);
            double Price(OptionInput x) => AsianOne(x, tBar, m).Price[0];
            double Central(Func<OptionInput, double, OptionInput> bump, double h) => (Price(bump(o, h)) - Price(bump(o, -h))) / (2 * h);

            var hg = GammaSpotBump * o.Spot;
            var context = $"{schedule.Name}, {o}";
            AssertClose("delta", context, Central((x, d) => x with { Spot = x.Spot + d }, DeltaSpotBump * o.Spot), g.Delta[0]);
            var secondDifference = (Price(o with { Spot = o.Spot + hg }) - 2 * Price(o) + Price(o with { Spot = o.Spot - hg })) / (hg * hg);
            AssertClose("gamma", context, secondDifference, g.Gamma[0], GammaRelativeTolerance);
            AssertClose("vega", context, Central((x, d) => x with { Volatility = x.Volatility + d }, ParameterBump), g.Vega[0]);
            AssertClose("rho", context, Central((x, d) => x with { Rate = x.Rate + d }, ParameterBump), g.Rho[0]);
            AssertClose("dividend rho", context, Central((x, d) => x with { Dividend = x.Dividend + d }, ParameterBump), g.DividendRho[0]);
        }
    }

    [Theory]
    // test/ReferenceCases/asian_geometric.json (QuantLib 1.29), T = days/365
    [InlineData("as-0001", Put, 69.86, 74.07, 0.024111, 0.012432, 0.077661, 1333, 3.8031852632934697, -0.6163170704949064, 0.05715095132459762)]
    [InlineData("as-0007", Call, 56.92, 33.88, -0.016675, 0.012704, 0.378896, 1884, 19.91469204156257, 0.8026679653919785, 0.007997381479430318)]
    [InlineData("as-0003", Put, 279.8, 1700.77, 0.087016, 0.058639, 0.759902, 2441, 830.854212959994, -0.3961125245242938, 0.0002648078505808978)]
    public void PriceAndGreeks_ContinuousQuantLibCase_MatchesReference(string id, double sign, double spot, double strike, double rate, double dividend, double volatility, int days,
        double price, double delta, double gamma)
    {
        var expiry = days / 365.0;
        var (tBar, m) = GeometricAsian.ContinuousFixingMoments(expiry);

        var g = AsianOne(new OptionInput(sign, spot, strike, rate, dividend, volatility, expiry), tBar, m);

        AssertQuantLib(id, "price", price, g.Price[0], QuantLibAbsoluteTolerance * spot);
        AssertQuantLib(id, "delta", delta, g.Delta[0], QuantLibAbsoluteTolerance);
        AssertQuantLib(id, "gamma", gamma, g.Gamma[0], QuantLibAbsoluteTolerance / spot);
    }

    [Fact]
    public void PriceAndGreeks_DiscreteQuantLibCase_MatchesReference()
    {
        // as-0000: put, 12 fixings
        int[] fixingDays = [300, 599, 899, 1198, 1498, 1798, 2097, 2397, 2696, 2996, 3295, 3595];
        const double spot = 59.41;
        var (tBar, m) = GeometricAsian.DiscreteFixingMoments([.. fixingDays.Select(d => d / 365.0)]);

        var g = AsianOne(new OptionInput(Put, spot, 65.59, 0.093155, 0.038264, 0.275325, 3595 / 365.0), tBar, m);

        AssertQuantLib("as-0000", "price", 4.188981837540798, g.Price[0], QuantLibAbsoluteTolerance * spot);
        AssertQuantLib("as-0000", "delta", -0.15278791100635214, g.Delta[0], QuantLibAbsoluteTolerance);
        AssertQuantLib("as-0000", "gamma", 0.00558800087225152, g.Gamma[0], QuantLibAbsoluteTolerance / spot);
    }

    [Fact]
    public void PriceAndGreeks_AnyBatch_LeavesThetaUntouched()
    {
        const double sentinel = 42.0;
        var o = new OptionInput(Call, 100.0, 95.0, 0.03, 0.01, 0.25, 1.0);
        var greeks = new GreekBuffers(1, sentinel);

        GeometricAsian.PriceAndGreeks([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], [0.5], [1.0 / 3.0], greeks.View());

        Assert.Equal(sentinel, greeks.Theta[0]);
        Assert.NotEqual(sentinel, greeks.Price[0]);
    }

    [Fact]
    public void PriceAndGreeks_EmptyThetaColumn_Accepted()
    {
        var o = new OptionInput(Put, 100.0, 105.0, 0.03, 0.01, 0.25, 1.0);
        var full = AsianOne(o, 0.5, 1.0 / 3.0);
        var d = new GreekBuffers(1);

        GeometricAsian.PriceAndGreeks([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], [0.5], [1.0 / 3.0],
            new OptionGreeks(d.Price, d.Delta, d.Gamma, d.Vega, [], d.Rho, d.DividendRho));

        Assert.Equal(full.Price[0], d.Price[0]);
        Assert.Equal(full.Delta[0], d.Delta[0]);
    }

    [Theory]
    [InlineData(7, 2)]
    [InlineData(7, 4)]
    [InlineData(8, 2)]
    [InlineData(8, 4)]
    [InlineData(0, 2)]
    [InlineData(6, 4)]
    public void PriceAndGreeks_MismatchedInputLength_ThrowsArgumentException(int mismatched, int length)
    {
        double[] values = [Call, 100.0, 100.0, 0.03, 0.01, 0.2, 1.0, 0.5, 1.0 / 3.0];
        var c = Enumerable.Range(0, 9).Select(i => Enumerable.Repeat(values[i], i == mismatched ? length : 3).ToArray()).ToArray();
        var greeks = new GreekBuffers(4);

        Assert.Throws<ArgumentException>(() => GeometricAsian.PriceAndGreeks(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], greeks.View()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    public void PriceAndGreeks_ShortDestinationColumn_ThrowsArgumentException(int shortColumn)
    {
        double[] values = [Call, 100.0, 100.0, 0.03, 0.01, 0.2, 1.0, 0.5, 1.0 / 3.0];
        var c = values.Select(v => new[] { v, v, v }).ToArray();
        var d = Enumerable.Range(0, 7).Select(i => new double[i == shortColumn ? 2 : 3]).ToArray();

        Assert.Throws<ArgumentException>(() => GeometricAsian.PriceAndGreeks(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8],
            new OptionGreeks(d[0], d[1], d[2], d[3], d[4], d[5], d[6])));
    }

    /// <summary>The definition summed over all n² pairs, with compensated (Neumaier) sums so the reference itself is accurate to ~ε.</summary>
    // 600 options: whole blocks of the kernel's passes and a partial one, on every register width and
    // each element alone
    [Theory]
    [VectorWidth(512)]
    [VectorWidth(256)]
    [VectorWidth(128)]
    public void PriceAndGreeks_SeveralBlocksOnEveryWidth_BitIdenticalToEachAlone(int vectorBits)
    {
        var random = new Random(17);
        var options = Enumerable.Range(0, 600).Select(_ =>
        {
            var spot = 20.0 + 150.0 * random.NextDouble();
            return new OptionInput(random.Next(2) == 0 ? 1.0 : -1.0, spot, spot * Math.Exp(random.NextDouble() - 0.5),
                0.08 * random.NextDouble(), 0.04 * random.NextDouble(), 0.05 + 0.6 * random.NextDouble(), 0.1 + 4.0 * random.NextDouble());
        }).ToList();
        var columns = new OptionColumns(options);
        var meanTimes = options.Select(o => 0.5 * o.Time).ToArray();
        var minTimeMeans = options.Select(o => o.Time / 3.0).ToArray();
        var greeks = new GreekBuffers(options.Count);

        using (SimdPolicy.Limit(vectorBits))
        {
            GeometricAsian.PriceAndGreeks(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time,
                meanTimes, minTimeMeans, greeks.View());
        }

        for (var i = 0; i < options.Count; i++)
        {
            var alone = AsianOne(options[i], meanTimes[i], minTimeMeans[i]);
            foreach (var column in new[] { 0, 1, 2, 3, 5, 6 })
            {
                Bits.AssertIdentical(alone.All[column][0], greeks.All[column][i], $"width {vectorBits}, column {column} of {options[i]}");
            }
        }
    }

    private static (double MeanTime, double MinTimeMean) NaiveMoments(double[] times)
    {
        var n = times.Length;
        var sum = new CompensatedSum();
        var minSum = new CompensatedSum();
        for (var i = 0; i < n; i++)
        {
            sum.Add(times[i]);
            for (var j = 0; j < n; j++)
            {
                minSum.Add(Math.Min(times[i], times[j]));
            }
        }

        return (sum.Value / n, minSum.Value / ((double)n * n));
    }

    private static IEnumerable<OptionInput> EuropeanGrid() =>
        from sign in new[] { Call, Put }
        from k in new[] { 70.0, 90.0, 100.0, 110.0, 140.0 }
        from r in new[] { -0.005, 0.02, 0.07 }
        from q in new[] { 0.0, 0.03 }
        from sigma in new[] { 0.1, 0.3, 0.8 }
        from t in new[] { 0.2, 1.0, 4.0 }
        select new OptionInput(sign, 100.0, k, r, q, sigma, t);

    private static GreekBuffers AsianOne(OptionInput o, double meanFixingTime, double minTimeMean)
    {
        var greeks = new GreekBuffers(1);
        GeometricAsian.PriceAndGreeks([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], [meanFixingTime], [minTimeMean], greeks.View());
        return greeks;
    }

    private static GreekBuffers EuropeanOne(OptionInput o)
    {
        var greeks = new GreekBuffers(1);
        BlackScholes.PriceAndGreeks([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], greeks.View());
        return greeks;
    }

    private static void AssertRelative(string greek, OptionInput o, double expected, double actual) =>
        Assert.True(NormalReference.RelativeError(actual, expected) <= EuropeanGreekRelativeTolerance, $"{greek} of {o}: Asian {actual:R}, European {expected:R}");

    private static void AssertClose(string greek, string context, double finiteDifference, double analytic, double relativeTolerance = GreekRelativeTolerance)
    {
        var allowed = relativeTolerance * Math.Abs(analytic) + GreekAbsoluteTolerance;
        Assert.True(Math.Abs(finiteDifference - analytic) <= allowed, $"{greek} of {context}: analytic {analytic:R}, central difference {finiteDifference:R}");
    }

    private static void AssertQuantLib(string id, string what, double expected, double actual, double absolute) =>
        Assert.True(Math.Abs(actual - expected) <= QuantLibRelativeTolerance * Math.Abs(expected) + absolute, $"{id} {what}: expected {expected:R}, got {actual:R}");

    private sealed class CompensatedSum
    {
        private double _sum;
        private double _compensation;

        public double Value => _sum + _compensation;

        public void Add(double x)
        {
            var t = _sum + x;
            _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
            _sum = t;
        }
    }
}
