using System.Text.Json;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Testing;

namespace XiP.Pricing.Tests;

public sealed class GeometricAsianOptionPricerTests
{
    private const double RelativeTolerance = 1e-10;
    // Central differences with relative step h carry an O(h²) error of about 1e-8 relative here.
    private const double FiniteDifferenceTolerance = 1e-6;

    [Fact]
    public void PriceDeltaGamma_MatchQuantLib()
    {
        var file = ReferenceCaseFile.Load("asian_geometric.json");
        var report = new ToleranceReport(RelativeTolerance);
        foreach (var c in file.Cases)
        {
            var (market, trade) = Build(file.EvaluationDate, c, 0, 0, 0, 0);
            var valuation = PricingEngine.Price(market, [trade], [Measure.Pv, Measure.Delta, Measure.Gamma])[0];
            var s = c.GetProperty("S").GetDouble();
            var expected = c.GetProperty("expected");
            report.Check($"{c.GetProperty("id")}.price", expected.GetProperty("price").GetDouble(), valuation.Values[Measure.Pv], 1e-13 * s);
            report.Check($"{c.GetProperty("id")}.delta", expected.GetProperty("delta").GetDouble(), valuation.Values[Measure.Delta], 1e-13);
            report.Check($"{c.GetProperty("id")}.gamma", expected.GetProperty("gamma").GetDouble(), valuation.Values[Measure.Gamma], 1e-13 / s);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void VegaRhoDividendRho_MatchCentralDifferencesOfThePrice()
    {
        var file = ReferenceCaseFile.Load("asian_geometric.json");
        var report = new ToleranceReport(FiniteDifferenceTolerance);
        foreach (var c in file.Cases.Take(60))
        {
            var (market, trade) = Build(file.EvaluationDate, c, 0, 0, 0, 0);
            var analytic = PricingEngine.Price(market, [trade], [Measure.Vega, Measure.Rho, Measure.DividendRho])[0].Values;
            var scale = c.GetProperty("S").GetDouble();
            const double h = 1e-5;
            report.Check($"{c.GetProperty("id")}.vega", Difference(file, c, h, vol: h), analytic[Measure.Vega], 1e-7 * scale);
            report.Check($"{c.GetProperty("id")}.rho", Difference(file, c, h, rate: h), analytic[Measure.Rho], 1e-7 * scale);
            report.Check($"{c.GetProperty("id")}.dividendRho", Difference(file, c, h, dividend: h), analytic[Measure.DividendRho], 1e-7 * scale);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void Theta_IsReportedAsNotApplicable()
    {
        var file = ReferenceCaseFile.Load("asian_geometric.json");
        var (market, trade) = Build(file.EvaluationDate, file.Cases.First(), 0, 0, 0, 0);

        var valuation = PricingEngine.Price(market, [trade], [Measure.Pv, Measure.Theta])[0];

        Assert.True(valuation.Values.ContainsKey(Measure.Pv));
        Assert.Contains("does not apply", valuation.Errors[Measure.Theta]);
    }

    private static double Difference(ReferenceCaseFile file, JsonElement c, double h, double rate = 0, double dividend = 0, double vol = 0)
    {
        double Pv(double sign)
        {
            var (market, trade) = Build(file.EvaluationDate, c, sign * rate, sign * dividend, sign * vol, 0);
            return PricingEngine.Price(market, [trade], [Measure.Pv])[0].Values[Measure.Pv];
        }

        return (Pv(1) - Pv(-1)) / (2 * h);
    }

    private static (MarketSnapshot Market, GeometricAsianOptionTrade Trade) Build(DateOnly valuationDate, JsonElement c, double dRate, double dDividend, double dVol, double dSpot)
    {
        var market = new MarketSnapshot(
            valuationDate,
            new Dictionary<string, DiscountCurve> { ["R"] = DiscountCurve.Flat(c.GetProperty("r").GetDouble() + dRate) },
            new Dictionary<string, EquityMarket>
            {
                ["X"] = new(c.GetProperty("S").GetDouble() + dSpot, c.GetProperty("q").GetDouble() + dDividend, c.GetProperty("sigma").GetDouble() + dVol),
            });
        var discrete = c.GetProperty("averaging").GetString() == "discrete";
        var fixings = discrete
            ? c.GetProperty("fixing_days").EnumerateArray().Select(d => valuationDate.AddDays(d.GetInt32())).ToList()
            : [];
        var trade = new GeometricAsianOptionTrade(
            c.GetProperty("id").GetString()!, null, 1.0, "X",
            c.GetProperty("type").GetString() == "call" ? OptionType.Call : OptionType.Put,
            c.GetProperty("K").GetDouble(),
            valuationDate.AddDays(c.GetProperty("days").GetInt32()),
            discrete ? Averaging.Discrete : Averaging.Continuous,
            fixings,
            "R");
        return (market, trade);
    }
}
