using XiP.Pricing.Columnar;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Risk;
using XiP.Pricing.Scenarios;
using XiP.Pricing.Time;

namespace XiP.Pricing.Tests;

/// <summary>The columnar run path against the per-trade pricers (<see cref="ScenarioValuation"/>): the same bits, the same failures.</summary>
public sealed class ColumnarValuationTests
{
    private const int BlockSize = 64;
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    private static readonly CurvePillar[] Pillars =
    [
        new(new DateOnly(2024, 1, 15), 0.0345), new(new DateOnly(2025, 1, 15), 0.0372), new(new DateOnly(2026, 1, 15), 0.0381),
        new(new DateOnly(2029, 1, 15), 0.0365), new(new DateOnly(2034, 1, 15), 0.0390), new(new DateOnly(2054, 1, 15), 0.0410),
    ];

    private static readonly CurveInstrument[] Instruments =
    [
        new(CurveInstrumentType.Deposit, new Tenor(3, TenorUnit.Months), 0.031),
        new(CurveInstrumentType.Swap, new Tenor(2, TenorUnit.Years), 0.029),
        new(CurveInstrumentType.Swap, new Tenor(10, TenorUnit.Years), 0.0321),
    ];

    private static readonly string[] Curves = ["USD-SOFR", "USD-LOG", "EUR-ESTR", "USD-FLAT", "NO-SUCH-CURVE"];
    private static readonly string[] Equities = ["ACME", "BETA", "GAMMA", "NO-SUCH-EQUITY"];

    private static IReadOnlyList<MarketSnapshot> Markets()
    {
        var market = MarketDataBuilder.Build(new MarketDataDefinition(
            ValuationDate,
            new Dictionary<string, CurveDefinition>
            {
                ["USD-SOFR"] = new PillarCurveDefinition(CurveInterpolationKind.LinearZero, Pillars),
                ["USD-LOG"] = new PillarCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Pillars.Skip(1).ToList()),
                ["EUR-ESTR"] = new BootstrapCurveDefinition(CurveInterpolationKind.LogLinearDiscount, Instruments),
                ["USD-FLAT"] = new FlatCurveDefinition(0.05),
            },
            new Dictionary<string, EquityMarket> { ["ACME"] = new(128.24, 0.0416, 0.1523), ["BETA"] = new(50, 0.01, 0.3), ["GAMMA"] = new(7.5, 0.0, 0.55) }));
        var listed = new List<Scenario>
        {
            new("rates+25", [new Shift(ShiftTargetKind.Curve, null, MarketShiftKind.Parallel, 25)]),
            new("crash", [new Shift(ShiftTargetKind.Equity, null, MarketShiftKind.SpotRelative, -0.2), new Shift(ShiftTargetKind.Equity, null, MarketShiftKind.VolAbsolute, 0.1)]),
            new("2y+10", [new Shift(ShiftTargetKind.Curve, "USD-SOFR", MarketShiftKind.Pillar, 10, new DateOnly(2026, 1, 15))]),
        };
        var scenarios = ScenarioExpander.Expand(new ScenarioSetDefinition(listed, new ScenarioGenerator(24, 7, 10, 0.02, 0.01, 0.002)), market);
        return [market, .. scenarios.Select(s => MarketShocker.Apply(market, s))];
    }

    /// <summary>Every product, some of each failing in its own way, in id order (the order a run's table has).</summary>
    private static List<Trade> Trades(int count, int seed)
    {
        var random = new Random(seed);
        string Pick(string[] names, double missing) => random.NextDouble() < missing ? names[^1] : names[random.Next(names.Length - 1)];
        DateOnly Day(int from, int span) => ValuationDate.AddDays(from + random.Next(span));
        var frequencies = new[] { Frequency.Annual, Frequency.Semiannual, Frequency.Quarterly, Frequency.Monthly };
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"t-{i:D5}";
            var quantity = random.Next(4) == 0 ? -2.5 : 1 + random.Next(3);
            trades.Add((i % 4) switch
            {
                0 => new EuropeanOptionTrade(id, "b", quantity, Pick(Equities, 0.03), random.Next(2) == 0 ? OptionType.Call : OptionType.Put,
                    5 + random.NextDouble() * 150, Day(-30, 4000), Pick(Curves, 0.03)),
                1 => new GeometricAsianOptionTrade(id, "b", quantity, Pick(Equities, 0.03), random.Next(2) == 0 ? OptionType.Call : OptionType.Put,
                    5 + random.NextDouble() * 150, Day(20, 2000), random.Next(3) == 0 ? Averaging.Continuous : Averaging.Discrete,
                    Enumerable.Range(0, 1 + random.Next(6)).Select(_ => Day(1, 20)).ToList(), Pick(Curves, 0.03)),
                2 => new InterestRateSwapTrade(id, "c", quantity, 1_000_000 * (1 + random.Next(50)), 0.02 + random.NextDouble() * 0.03,
                    Day(-400, 800), Day(900, 9000), random.Next(2) == 0 ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed,
                    frequencies[random.Next(3)], frequencies[random.Next(4)], Pick(Curves, 0.03), random.Next(2) == 0 ? 0.031 : null),
                _ => new FixedRateBondTrade(id, "c", quantity, 100 * (1 + random.Next(10)), random.NextDouble() * 0.06, frequencies[random.Next(3)],
                    Day(-4000, 3000), Day(-60, 11000), Pick(Curves, 0.03)),
            });
        }

        return trades;
    }

    private static TradeTable Table(IReadOnlyList<Trade> trades)
    {
        var builder = new TradeTableBuilder();
        for (var i = 0; i < trades.Count; i++)
        {
            builder.Add(trades[i], version: 1 + (i % 3));
        }

        return builder.Build();
    }

    private static readonly Measure[] AllMeasures = Enum.GetValues<Measure>();

    [Theory]
    [InlineData(new[] { Measure.Pv })]
    [InlineData(new[] { Measure.Pv, Measure.Delta, Measure.Gamma, Measure.Vega, Measure.Theta, Measure.Rho, Measure.DividendRho })]
    [InlineData(new[] { Measure.Pv01, Measure.ParRate, Measure.CleanPrice, Measure.AccruedInterest, Measure.DirtyPrice, Measure.Delta })]
    [InlineData(null)]
    public void EveryProductAndMeasureIsTheSameBitsAndFailuresAsThePerTradePricers(Measure[]? measures)
    {
        measures ??= AllMeasures;
        var markets = Markets();
        var trades = Trades(700, seed: 11);
        var expected = ScenarioValuation.Run(markets, trades, measures, BlockSize);
        using var actual = ColumnarValuation.Run(new MarketSet(markets), Table(trades), 0, trades.Count, measures, BlockSize);

        AssertSame(expected, actual, measures, firstTrade: 0);
        Assert.Equal(expected.PvBlockSums.Select(BitConverter.DoubleToInt64Bits), actual.PvBlockSums.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(expected.FailedTrades, actual.FailedTrades);
        // the workload does exercise failures other than measures that do not apply, and values
        var errors = Enumerable.Range(0, actual.Measures.Count).SelectMany(k => actual.Errors(k).ToArray()).ToList();
        Assert.True(errors.Count(e => e is not null && !e.Contains("does not apply", StringComparison.Ordinal)) >= 20);
        Assert.True(errors.Count(e => e is null) >= 300);
    }

    [Fact]
    public void AValueThatOverflowsInSomeScenariosFailsThereAndNamesTheFirst()
    {
        var markets = Markets();
        var call = new EuropeanOptionTrade("big", null, 1, "ACME", OptionType.Call, 100, new DateOnly(2027, 1, 15), "USD-FLAT");
        var basePv = PricingEngine.Price(markets[0], [call], [Measure.Pv])[0].Values[Measure.Pv];
        var huge = call with { Quantity = double.MaxValue / basePv / 1.0001 };
        Trade[] trades = [call with { Id = "a" }, huge with { Id = "b" }, call with { Id = "c" }];
        var expected = ScenarioValuation.Run(markets, trades, [Measure.Pv, Measure.Delta], BlockSize);
        using var actual = ColumnarValuation.Run(new MarketSet(markets), Table(trades), 0, trades.Length, [Measure.Pv, Measure.Delta], BlockSize);

        AssertSame(expected, actual, [Measure.Pv, Measure.Delta], firstTrade: 0);
        var error = actual.Errors(0)[1];
        Assert.NotNull(error);
        Assert.StartsWith("scenario ", error);
        Assert.Equal(expected.PvBlockSums.Select(BitConverter.DoubleToInt64Bits), actual.PvBlockSums.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void SlicesOnBlockBoundariesGiveTheSameBitsAsTheWhole()
    {
        var markets = new MarketSet(Markets());
        var trades = Trades(450, seed: 5);
        var table = Table(trades);
        Measure[] measures = [Measure.Pv, Measure.Pv01, Measure.Vega];
        using var whole = ColumnarValuation.Run(markets, table, 0, trades.Count, measures, BlockSize);
        var sums = new List<double>();
        foreach (var (first, count) in new[] { (0, 128), (128, 64), (192, 256), (448, 2) })
        {
            using var slice = ColumnarValuation.Run(markets, table, first, count, measures, BlockSize);
            for (var k = 0; k < measures.Length; k++)
            {
                for (var t = 0; t < count; t++)
                {
                    Assert.Equal(whole.Errors(k)[first + t], slice.Errors(k)[t]);
                    if (slice.Errors(k)[t] is null)
                    {
                        Assert.True(whole.Values(k).Slice((first + t) * markets.Count, markets.Count).SequenceEqual(slice.Values(k).Slice(t * markets.Count, markets.Count)));
                    }
                }
            }

            sums.AddRange(slice.PvBlockSums);
        }

        Assert.Equal(whole.PvBlockSums.Select(BitConverter.DoubleToInt64Bits), sums.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ATableSurvivesItsStoredFormAndItsTradesComeBackAsGiven()
    {
        var trades = Trades(300, seed: 3);
        var table = Table(trades);
        var decoded = TradeTableCodec.Decode(TradeTableCodec.Encode(table));
        Assert.Equal(table.Ids, decoded.Ids);
        Assert.Equal(table.Versions, decoded.Versions);
        Assert.Equal(Enumerable.Range(0, table.Count).Select(table.BookOf), Enumerable.Range(0, decoded.Count).Select(decoded.BookOf));
        for (var i = 0; i < trades.Count; i++)
        {
            Assert.Equal(Canonical(trades[i]), Canonical(decoded.ToTrade(i)));
        }

        var keys = TradeTableCodec.DecodeKeys(TradeTableCodec.Encode(table.Slice(10, 20)));
        Assert.Equal(table.Ids.Skip(10).Take(20), keys.Ids);
        Assert.Throws<InvalidDataException>(() => TradeTableCodec.Decode(TradeTableCodec.Encode(table).AsSpan(0, 200)));
    }

    // Records compare their lists by reference; this form compares them by content.
    private static string Canonical(Trade trade) => trade is GeometricAsianOptionTrade a
        ? (a with { FixingDates = [] }) + string.Join(",", a.FixingDates)
        : trade.ToString();

    private static void AssertSame(ScenarioValuationResult expected, BatchValues actual, IReadOnlyList<Measure> measures, int firstTrade)
    {
        var distinct = measures.Distinct().ToList();
        Assert.Equal(distinct, actual.Measures);
        var vectors = expected.Vectors.ToDictionary(v => (v.Trade, v.Measure));
        for (var k = 0; k < distinct.Count; k++)
        {
            for (var t = 0; t < actual.Trades; t++)
            {
                var vector = vectors[(firstTrade + t, distinct[k])];
                Assert.Equal(vector.Error, actual.Errors(k)[t]);
                if (vector.Values is { } values)
                {
                    var got = actual.Values(k).Slice(t * actual.Markets, actual.Markets).ToArray();
                    Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), got.Select(BitConverter.DoubleToInt64Bits));
                }
            }
        }
    }
}
