using System.Text.Json;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Testing;

namespace XiP.Pricing.Tests;

public sealed class EuropeanOptionPricerTests
{
    private const double RelativeTolerance = 1e-10;

    private static readonly (string Field, Measure Measure)[] Fields =
    [
        ("price", Measure.Pv), ("delta", Measure.Delta), ("gamma", Measure.Gamma), ("vega", Measure.Vega),
        ("theta", Measure.Theta), ("rho", Measure.Rho), ("dividend_rho", Measure.DividendRho),
    ];

    [Fact]
    public void EveryMeasure_MatchesQuantLib()
    {
        var file = ReferenceCaseFile.Load("european.json");
        var report = new ToleranceReport(RelativeTolerance);
        foreach (var c in file.Cases)
        {
            var (market, trade) = Build(file.EvaluationDate, c);
            var valuation = PricingEngine.Price(market, [trade], Fields.Select(f => f.Measure).ToList())[0];
            Assert.Empty(valuation.Errors);
            var s = c.GetProperty("S").GetDouble();
            var k = c.GetProperty("K").GetDouble();
            var t = Math.Max(c.GetProperty("T").GetDouble(), 1.0);
            var atol = new Dictionary<string, double>
            {
                ["price"] = 1e-13 * s, ["delta"] = 1e-13, ["gamma"] = 1e-13 / s, ["vega"] = 1e-13 * s,
                ["theta"] = 1e-13 * s, ["rho"] = 1e-13 * k * t, ["dividend_rho"] = 1e-13 * s * t,
            };
            foreach (var (field, measure) in Fields)
            {
                report.Check($"{c.GetProperty("id")}.{field}", c.GetProperty("expected").GetProperty(field).GetDouble(), valuation.Values[measure], atol[field]);
            }
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void Pv01_IsTheRepriceOnACurveOneBasisPointHigher()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var trade = new EuropeanOptionTrade("o", null, 3, "X", OptionType.Call, 100, new DateOnly(2026, 1, 15), "R");
        MarketSnapshot Market(double r) => new(valuationDate, new Dictionary<string, DiscountCurve> { ["R"] = DiscountCurve.Flat(r) },
            new Dictionary<string, EquityMarket> { ["X"] = new(100, 0.01, 0.2) });

        var basePv = PricingEngine.Price(Market(0.03), [trade], [Measure.Pv])[0].Values[Measure.Pv];
        var bumpedPv = PricingEngine.Price(Market(0.0301), [trade], [Measure.Pv])[0].Values[Measure.Pv];
        var pv01 = PricingEngine.Price(Market(0.03), [trade], [Measure.Pv01])[0].Values[Measure.Pv01];

        Assert.Equal(bumpedPv - basePv, pv01, 1e-12);
    }

    [Fact]
    public void ExpiryToday_IsWorthItsIntrinsicValue()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var market = new MarketSnapshot(valuationDate, new Dictionary<string, DiscountCurve> { ["R"] = DiscountCurve.Flat(0.03) },
            new Dictionary<string, EquityMarket> { ["X"] = new(110, 0.01, 0.2) });
        var call = new EuropeanOptionTrade("c", null, 2, "X", OptionType.Call, 100, valuationDate, "R");
        var put = new EuropeanOptionTrade("p", null, 2, "X", OptionType.Put, 100, valuationDate, "R");

        var values = PricingEngine.Price(market, [call, put], [Measure.Pv, Measure.Delta]);

        Assert.Equal(20.0, values[0].Values[Measure.Pv]);
        Assert.Equal(2.0, values[0].Values[Measure.Delta]);
        Assert.Equal(0.0, values[1].Values[Measure.Pv]);
        Assert.Equal(0.0, values[1].Values[Measure.Delta]);
    }

    internal static (MarketSnapshot Market, EuropeanOptionTrade Trade) Build(DateOnly valuationDate, JsonElement c)
    {
        var market = new MarketSnapshot(
            valuationDate,
            new Dictionary<string, DiscountCurve> { ["R"] = DiscountCurve.Flat(c.GetProperty("r").GetDouble()) },
            new Dictionary<string, EquityMarket>
            {
                ["X"] = new(c.GetProperty("S").GetDouble(), c.GetProperty("q").GetDouble(), c.GetProperty("sigma").GetDouble()),
            });
        var trade = new EuropeanOptionTrade(
            c.GetProperty("id").GetString()!, null, 1.0, "X",
            c.GetProperty("type").GetString() == "call" ? OptionType.Call : OptionType.Put,
            c.GetProperty("K").GetDouble(),
            valuationDate.AddDays(c.GetProperty("days").GetInt32()),
            "R");
        return (market, trade);
    }
}
