using XiP.Numerics.Simd;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Tests;

public sealed class PricingEngineTests
{
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);
    private static readonly Measure[] AllMeasures = Enum.GetValues<Measure>();

    [Fact]
    public void ABookPricedTogether_GivesEachTradeTheSameBitsAsPricedAlone()
    {
        var market = Market();
        var trades = RandomBook(new Random(7), 240);

        var together = PricingEngine.Price(market, trades, AllMeasures);

        for (var i = 0; i < trades.Count; i++)
        {
            var alone = PricingEngine.Price(market, [trades[i]], AllMeasures)[0];
            Assert.Equal(alone.Values.OrderBy(kv => kv.Key), together[i].Values.OrderBy(kv => kv.Key));
            Assert.Equal(alone.Errors.Keys.Order(), together[i].Errors.Keys.Order());
        }
    }

    [Fact]
    public void TheScalarPathAndTheVectorPath_GiveTheSameBits()
    {
        var market = Market();
        var trades = RandomBook(new Random(11), 120);

        var vector = PricingEngine.Price(market, trades, AllMeasures);
        IReadOnlyList<TradeValuation> scalar;
        using (SimdPolicy.Limit(0))
        {
            scalar = PricingEngine.Price(market, trades, AllMeasures);
        }

        for (var i = 0; i < trades.Count; i++)
        {
            Assert.Equal(scalar[i].Values.OrderBy(kv => kv.Key), vector[i].Values.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void PvAlone_SameBitsAsPvWithEveryGreek()
    {
        // with no Greek requested, options take the price-only kernel
        var market = Market();
        var trades = RandomBook(new Random(13), 200);

        var pvOnly = PricingEngine.Price(market, trades, [Measure.Pv, Measure.Pv01]);
        var all = PricingEngine.Price(market, trades, AllMeasures);

        for (var i = 0; i < trades.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(all[i].Values[Measure.Pv]), BitConverter.DoubleToInt64Bits(pvOnly[i].Values[Measure.Pv]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(all[i].Values[Measure.Pv01]), BitConverter.DoubleToInt64Bits(pvOnly[i].Values[Measure.Pv01]));
        }
    }

    [Fact]
    public void ResultsComeBackInRequestOrderWithInapplicableMeasuresAsErrors()
    {
        var trades = RandomBook(new Random(5), 12);

        var valuations = PricingEngine.Price(Market(), trades, [Measure.Pv, Measure.Delta, Measure.DirtyPrice]);

        Assert.Equal(trades.Select(t => t.Id), valuations.Select(v => v.TradeId));
        foreach (var (trade, valuation) in trades.Zip(valuations))
        {
            Assert.True(valuation.Values.ContainsKey(Measure.Pv));
            Assert.Equal(trade is EuropeanOptionTrade or GeometricAsianOptionTrade, valuation.Values.ContainsKey(Measure.Delta));
            Assert.Equal(trade is FixedRateBondTrade, valuation.Values.ContainsKey(Measure.DirtyPrice));
            Assert.Equal(3, valuation.Values.Count + valuation.Errors.Count);
        }
    }

    private static MarketSnapshot Market() => MarketDataBuilder.Build(new MarketDataDefinition(
        ValuationDate,
        new Dictionary<string, CurveDefinition>
        {
            ["FLAT"] = new FlatCurveDefinition(0.03),
            ["ZERO"] = new PillarCurveDefinition(CurveInterpolationKind.LinearZero,
                [new(ValuationDate, 0.02), new(ValuationDate.AddYears(2), 0.027), new(ValuationDate.AddYears(10), 0.034), new(ValuationDate.AddYears(30), 0.036)]),
            ["BOOT"] = new BootstrapCurveDefinition(CurveInterpolationKind.LogLinearDiscount,
            [
                new(CurveInstrumentType.Deposit, new Tenor(3, TenorUnit.Months), 0.031),
                new(CurveInstrumentType.Swap, new Tenor(2, TenorUnit.Years), 0.029),
                new(CurveInstrumentType.Swap, new Tenor(10, TenorUnit.Years), 0.032),
                new(CurveInstrumentType.Swap, new Tenor(30, TenorUnit.Years), 0.033),
            ]),
        },
        new Dictionary<string, EquityMarket> { ["A"] = new(100, 0.01, 0.25), ["B"] = new(37.5, 0.0, 0.4) }));

    private static List<Trade> RandomBook(Random random, int count)
    {
        string[] curves = ["FLAT", "ZERO", "BOOT"];
        var trades = new List<Trade>(count);
        for (var i = 0; i < count; i++)
        {
            var curve = curves[random.Next(curves.Length)];
            var underlying = random.Next(2) == 0 ? "A" : "B";
            var type = random.Next(2) == 0 ? OptionType.Call : OptionType.Put;
            var expiry = ValuationDate.AddDays(1 + random.Next(3650));
            var strike = (underlying == "A" ? 100 : 37.5) * (0.6 + 0.8 * random.NextDouble());
            trades.Add((i % 4) switch
            {
                0 => new EuropeanOptionTrade($"t{i}", null, 1 + random.Next(10), underlying, type, strike, expiry, curve),
                1 => new GeometricAsianOptionTrade($"t{i}", null, 1, underlying, type, strike, expiry,
                    random.Next(2) == 0 ? Averaging.Continuous : Averaging.Discrete,
                    [ValuationDate.AddDays(1 + (expiry.DayNumber - ValuationDate.DayNumber - 1) / 2), expiry], curve),
                2 => new InterestRateSwapTrade($"t{i}", null, 1, 1e6 * (1 + random.Next(50)), 0.02 + 0.02 * random.NextDouble(),
                    ValuationDate.AddMonths(random.Next(12)), ValuationDate.AddYears(1 + random.Next(30)),
                    random.Next(2) == 0 ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed, Frequency.Annual, Frequency.Quarterly, curve),
                _ => new FixedRateBondTrade($"t{i}", null, 1, 100, 0.05 * random.NextDouble(), Frequency.Semiannual,
                    ValuationDate.AddDays(-random.Next(1000)), ValuationDate.AddYears(1 + random.Next(30)), curve),
            });
        }

        return trades;
    }
}
