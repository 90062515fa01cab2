using XiP.Numerics.Simd;

namespace XiP.Numerics.Tests;

public sealed class BlackScholesTests
{
    private const double Call = 1.0;
    private const double Put = -1.0;

    /// <summary>C − P = S·e^{−qT} − K·e^{−rT}, relative to the larger of the two prices.</summary>
    private const double ParityRelativeTolerance = 1e-12;

    /// <summary>Against prices computed with mpmath at 200 bits from the same double inputs.</summary>
    private const double ReferenceRelativeTolerance = 1e-13;

    /// <summary>Central differences: |fd − greek| ≤ rel·|greek| + abs. Truncation (h²) dominates round-off at these bumps.</summary>
    private const double GreekRelativeTolerance = 1e-6;
    private const double GreekAbsoluteTolerance = 1e-9;

    /// <summary>The second difference has round-off ~ε·V/h² and truncation ~h², so gamma is held looser.</summary>
    private const double GammaRelativeTolerance = 1e-5;

    /// <summary>Bumps of spot relative to spot: small for delta, larger for gamma to keep round-off of the second difference down.</summary>
    private const double DeltaSpotBump = 1e-5;
    private const double GammaSpotBump = 1e-4;

    /// <summary>Absolute bump of volatility, rates and time.</summary>
    private const double ParameterBump = 1e-5;

    private const int MaxBatchLength = 40;

    [Fact]
    public void Price_PutCallParityGrid_HoldsToTolerance()
    {
        var grid = (
            from k in new[] { 50.0, 80.0, 100.0, 120.0, 200.0 }
            from r in new[] { -0.01, 0.0, 0.05 }
            from q in new[] { 0.0, 0.03 }
            from sigma in new[] { 0.05, 0.2, 0.6 }
            from t in new[] { 0.1, 1.0, 5.0 }
            select new OptionInput(Call, 100.0, k, r, q, sigma, t)).ToList();
        var calls = PriceBatch(grid);
        var puts = PriceBatch(grid.Select(o => o with { Sign = Put }).ToList());

        for (var i = 0; i < grid.Count; i++)
        {
            var o = grid[i];
            var forwardValue = o.Spot * Math.Exp(-o.Dividend * o.Time) - o.Strike * Math.Exp(-o.Rate * o.Time);
            var scale = Math.Max(Math.Abs(calls[i]), Math.Abs(puts[i]));
            var error = Math.Abs(calls[i] - puts[i] - forwardValue) / scale;
            Assert.True(error <= ParityRelativeTolerance, $"{o}: C = {calls[i]:R}, P = {puts[i]:R}, parity error {error:E3}");
        }
    }

    [Theory]
    [InlineData(Call, 100.0, 100.0, 0.05, 0.0, 0.2, 1.0, 10.450583572185567346)]
    [InlineData(Put, 100.0, 100.0, 0.05, 0.0, 0.2, 1.0, 5.5735260222569679911)]
    [InlineData(Call, 42.0, 40.0, 0.1, 0.0, 0.2, 0.5, 4.7594223928715333951)]
    [InlineData(Put, 42.0, 40.0, 0.1, 0.0, 0.2, 0.5, 0.80859937290009365311)]
    [InlineData(Put, 100.0, 300.0, 0.03, 0.01, 0.25, 0.5, 196.03233396337103873)]
    public void Price_KnownCase_MatchesHighPrecisionReference(double sign, double spot, double strike, double rate, double dividend, double volatility, double time, double expected)
    {
        var price = PriceOne(new OptionInput(sign, spot, strike, rate, dividend, volatility, time));

        Assert.True(NormalReference.RelativeError(price, expected) <= ReferenceRelativeTolerance, $"got {price:R}, expected {expected:R}");
    }

    [Fact]
    public void PriceAndGreeks_RandomBatch_PriceBitIdenticalToPricePath()
    {
        var options = RandomOptions(seed: 7, count: 500);
        var columns = new OptionColumns(options);
        var prices = new double[options.Count];
        var greeks = new GreekBuffers(options.Count);

        BlackScholes.Price(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, prices);
        BlackScholes.PriceAndGreeks(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, greeks.View());

        for (var i = 0; i < options.Count; i++)
        {
            Bits.AssertIdentical(prices[i], greeks.Price[i], options[i].ToString());
        }
    }

    [Fact]
    public void PriceAndGreeks_GreeksGrid_AgreeWithCentralDifferences()
    {
        var grid =
            from sign in new[] { Call, Put }
            from k in new[] { 80.0, 100.0, 125.0 }
            from r in new[] { 0.01, 0.05 }
            from q in new[] { 0.0, 0.02 }
            from sigma in new[] { 0.15, 0.4 }
            from t in new[] { 0.25, 2.0 }
            select new OptionInput(sign, 100.0, k, r, q, sigma, t);

        foreach (var o in grid)
        {
            var g = GreeksOne(o);
            var h = ParameterBump;
            var hd = DeltaSpotBump * o.Spot;
            var hg = GammaSpotBump * o.Spot;

            AssertClose("delta", o, Central(o, hd, (x, d) => x with { Spot = x.Spot + d }), g.Delta[0]);
            var secondDifference = (PriceOne(o with { Spot = o.Spot + hg }) - 2 * PriceOne(o) + PriceOne(o with { Spot = o.Spot - hg })) / (hg * hg);
            AssertClose("gamma", o, secondDifference, g.Gamma[0], GammaRelativeTolerance);
            AssertClose("vega", o, Central(o, h, (x, d) => x with { Volatility = x.Volatility + d }), g.Vega[0]);
            AssertClose("rho", o, Central(o, h, (x, d) => x with { Rate = x.Rate + d }), g.Rho[0]);
            AssertClose("dividend rho", o, Central(o, h, (x, d) => x with { Dividend = x.Dividend + d }), g.DividendRho[0]);
            // theta is the value change as calendar time passes: minus the derivative in time to expiry
            AssertClose("theta", o, -Central(o, h, (x, d) => x with { Time = x.Time + d }), g.Theta[0]);
        }
    }

    [Fact]
    public void BatchKernels_EveryLengthUpTo40_EachElementBitIdenticalToAlone()
    {
        var pool = RandomOptions(seed: 11, count: MaxBatchLength);

        for (var n = 0; n <= MaxBatchLength; n++)
        {
            var options = pool.Take(n).ToList();
            var columns = new OptionColumns(options);
            var prices = new double[n];
            var greeks = new GreekBuffers(n);

            BlackScholes.Price(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, prices);
            BlackScholes.PriceAndGreeks(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, greeks.View());

            for (var i = 0; i < n; i++)
            {
                var context = $"n = {n}, element {i} ({options[i]})";
                Bits.AssertIdentical(PriceOne(options[i]), prices[i], context + " price");
                var alone = GreeksOne(options[i]);
                for (var column = 0; column < alone.All.Count; column++)
                {
                    Bits.AssertIdentical(alone.All[column][0], greeks.All[column][i], $"{context} greek column {column}");
                }
            }
        }
    }

    // 700 options: whole blocks of the kernels' passes and a partial one, each on every register width
    [Theory]
    [VectorWidth(512)]
    [VectorWidth(256)]
    [VectorWidth(128)]
    public void BatchKernels_SeveralBlocksOnEveryWidth_BitIdenticalToScalarPath(int vectorBits)
    {
        var options = RandomOptions(seed: 13, count: 700);
        var columns = new OptionColumns(options);
        var (prices, greeks) = PriceBoth(columns, options.Count, vectorBits);
        var (scalarPrices, scalarGreeks) = PriceBoth(columns, options.Count, vectorBits: 0);

        for (var i = 0; i < options.Count; i++)
        {
            Bits.AssertIdentical(scalarPrices[i], prices[i], $"width {vectorBits}, price of {options[i]}");
            for (var column = 0; column < greeks.All.Count; column++)
            {
                Bits.AssertIdentical(scalarGreeks.All[column][i], greeks.All[column][i], $"width {vectorBits}, greek column {column} of {options[i]}");
            }
        }
    }

    [Fact]
    public void Price_LongerDestination_LeavesTailUntouched()
    {
        const double sentinel = -12345.0;
        var columns = new OptionColumns(RandomOptions(seed: 3, count: 4));
        var prices = new[] { sentinel, sentinel, sentinel, sentinel, sentinel, sentinel };

        BlackScholes.Price(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, prices);

        Assert.All(prices.Take(4), p => Assert.NotEqual(sentinel, p));
        Assert.Equal(sentinel, prices[4]);
        Assert.Equal(sentinel, prices[5]);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(6, 2)]
    public void Price_MismatchedInputLength_ThrowsArgumentException(int mismatched, int length)
    {
        var inputs = Inputs(mismatched, length);

        Assert.Throws<ArgumentException>(() => BlackScholes.Price(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6], new double[3]));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 4)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(6, 2)]
    public void PriceAndGreeks_MismatchedInputLength_ThrowsArgumentException(int mismatched, int length)
    {
        var inputs = Inputs(mismatched, length);
        var greeks = new GreekBuffers(4);

        Assert.Throws<ArgumentException>(() => BlackScholes.PriceAndGreeks(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6], greeks.View()));
    }

    [Fact]
    public void Price_ShortDestination_ThrowsArgumentException()
    {
        var inputs = Inputs(mismatched: 0, length: 3);

        Assert.Throws<ArgumentException>(() => BlackScholes.Price(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6], new double[2]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void PriceAndGreeks_ShortDestinationColumn_ThrowsArgumentException(int shortColumn)
    {
        var inputs = Inputs(mismatched: 0, length: 3);
        var d = Enumerable.Range(0, 7).Select(c => new double[c == shortColumn ? 2 : 3]).ToArray();

        Assert.Throws<ArgumentException>(() => BlackScholes.PriceAndGreeks(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], inputs[6],
            new OptionGreeks(d[0], d[1], d[2], d[3], d[4], d[5], d[6])));
    }

    [Theory]
    [InlineData(Call, 110.0, 100.0, 10.0, 1.0)]
    [InlineData(Call, 90.0, 100.0, 0.0, 0.0)]
    [InlineData(Call, 100.0, 100.0, 0.0, 0.0)]
    [InlineData(Put, 90.0, 100.0, 10.0, -1.0)]
    [InlineData(Put, 110.0, 100.0, 0.0, 0.0)]
    [InlineData(Put, 100.0, 100.0, 0.0, 0.0)]
    public void PriceAndGreeks_ZeroTime_IntrinsicValueAndPayoffDelta(double sign, double spot, double strike, double intrinsic, double delta)
    {
        var o = new OptionInput(sign, spot, strike, 0.05, 0.02, 0.3, 0.0);

        var g = GreeksOne(o);

        Assert.Equal(intrinsic, PriceOne(o));
        Assert.Equal(intrinsic, g.Price[0]);
        Assert.Equal(delta, g.Delta[0]);
        Assert.Equal(0.0, g.Gamma[0]);
        Assert.Equal(0.0, g.Vega[0]);
        Assert.Equal(0.0, g.Theta[0]);
        Assert.Equal(0.0, g.Rho[0]);
        Assert.Equal(0.0, g.DividendRho[0]);
    }

    private static void AssertClose(string greek, OptionInput o, double finiteDifference, double analytic, double relativeTolerance = GreekRelativeTolerance)
    {
        var allowed = relativeTolerance * Math.Abs(analytic) + GreekAbsoluteTolerance;
        Assert.True(Math.Abs(finiteDifference - analytic) <= allowed,
            $"{greek} of {o}: analytic {analytic:R}, central difference {finiteDifference:R}");
    }

    private static double Central(OptionInput o, double h, Func<OptionInput, double, OptionInput> bump) =>
        (PriceOne(bump(o, h)) - PriceOne(bump(o, -h))) / (2 * h);

    private static double PriceOne(OptionInput o)
    {
        Span<double> price = stackalloc double[1];
        BlackScholes.Price([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], price);
        return price[0];
    }

    private static GreekBuffers GreeksOne(OptionInput o)
    {
        var greeks = new GreekBuffers(1);
        BlackScholes.PriceAndGreeks([o.Sign], [o.Spot], [o.Strike], [o.Rate], [o.Dividend], [o.Volatility], [o.Time], greeks.View());
        return greeks;
    }

    private static (double[] Prices, GreekBuffers Greeks) PriceBoth(OptionColumns columns, int count, int vectorBits)
    {
        var prices = new double[count];
        var greeks = new GreekBuffers(count);
        using (SimdPolicy.Limit(vectorBits))
        {
            BlackScholes.Price(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, prices);
            BlackScholes.PriceAndGreeks(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, greeks.View());
        }

        return (prices, greeks);
    }

    private static double[] PriceBatch(IReadOnlyList<OptionInput> options)
    {
        var columns = new OptionColumns(options);
        var prices = new double[options.Count];
        BlackScholes.Price(columns.Sign, columns.Spot, columns.Strike, columns.Rate, columns.Dividend, columns.Volatility, columns.Time, prices);
        return prices;
    }

    /// <summary>Seven valid input columns of length 3, except column <paramref name="mismatched"/> of <paramref name="length"/>.</summary>
    private static double[][] Inputs(int mismatched, int length)
    {
        double[] values = [Call, 100.0, 100.0, 0.03, 0.01, 0.2, 1.0];
        return [.. Enumerable.Range(0, 7).Select(c => Enumerable.Repeat(values[c], c == mismatched ? length : 3).ToArray())];
    }

    /// <summary>Mixed calls and puts across moneyness, rates of both signs and expiries including expiry today.</summary>
    private static List<OptionInput> RandomOptions(int seed, int count)
    {
        var random = new Random(seed);
        var options = new List<OptionInput>(count);
        for (var i = 0; i < count; i++)
        {
            var spot = 10.0 + 190.0 * random.NextDouble();
            options.Add(new OptionInput(
                random.Next(2) == 0 ? Call : Put,
                spot,
                spot * Math.Exp(random.NextDouble() - 0.5),
                -0.02 + 0.12 * random.NextDouble(),
                0.06 * random.NextDouble(),
                0.02 + 0.8 * random.NextDouble(),
                i % 9 == 0 ? 0.0 : 10.0 * random.NextDouble()));
        }

        return options;
    }
}
