using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;
using XiP.Pricing.Time;
using XiP.Testing;

namespace XiP.Pricing.Tests;

public sealed class DiscountingSwapPricerTests
{
    private const double RelativeTolerance = 1e-8;
    private const double RateTolerance = 1e-14;

    [Fact]
    public void NpvFairRatePv01AndLegs_MatchQuantLib()
    {
        var file = ReferenceCaseFile.Load("swap.json");
        var report = new ToleranceReport(RelativeTolerance);
        foreach (var c in file.Cases)
        {
            var id = c.GetProperty("id").GetString()!;
            var market = CurveFixtures.Market(file.EvaluationDate, "C", CurveFixtures.LinearZero(c.GetProperty("curve")));
            var notional = c.GetProperty("notional").GetDouble();
            var trade = new InterestRateSwapTrade(id, null, 1.0, notional, c.GetProperty("fixed_rate").GetDouble(),
                DateOnly.Parse(c.GetProperty("start_date").GetString()!), DateOnly.Parse(c.GetProperty("end_date").GetString()!),
                SwapDirection.PayFixed, Frequency.Annual,
                c.GetProperty("float_frequency").GetString() == "semiannual" ? Frequency.Semiannual : Frequency.Quarterly, "C");
            var valuation = PricingEngine.Price(market, [trade], [Measure.Pv, Measure.ParRate, Measure.Pv01])[0];
            var legs = DiscountingSwapPricer.LegValues(ResolvedSwap.Resolve(trade, file.EvaluationDate, out _), market.Curves["C"]);
            var expected = c.GetProperty("expected");
            var atol = 1e-10 * notional;
            report.Check($"{id}.npv_payer", expected.GetProperty("npv_payer").GetDouble(), valuation.Values[Measure.Pv], atol);
            report.Check($"{id}.fair_rate", expected.GetProperty("fair_rate").GetDouble(), valuation.Values[Measure.ParRate], RateTolerance);
            report.Check($"{id}.pv01_payer", expected.GetProperty("pv01_payer").GetDouble(), valuation.Values[Measure.Pv01], atol);
            report.Check($"{id}.fixed_leg_pv", expected.GetProperty("fixed_leg_pv").GetDouble(), legs.FixedLegPv, atol);
            report.Check($"{id}.float_leg_pv", expected.GetProperty("float_leg_pv").GetDouble(), legs.FloatLegPv, atol);
            report.Check($"{id}.annuity", expected.GetProperty("annuity").GetDouble(), legs.Annuity, atol);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void ReceiveFixed_IsTheNegativeOfPayFixed()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var market = CurveFixtures.Market(valuationDate, "C", new FlatCurveDefinition(0.04));
        var payer = new InterestRateSwapTrade("p", null, 1, 1e6, 0.035, valuationDate, valuationDate.AddYears(5), SwapDirection.PayFixed, Frequency.Annual, Frequency.Quarterly, "C");
        var receiver = payer with { Id = "r", Direction = SwapDirection.ReceiveFixed };

        var values = PricingEngine.Price(market, [payer, receiver], [Measure.Pv, Measure.ParRate]);

        Assert.Equal(-values[0].Values[Measure.Pv], values[1].Values[Measure.Pv]);
        Assert.Equal(values[0].Values[Measure.ParRate], values[1].Values[Measure.ParRate]);
    }

    [Fact]
    public void StartedSwap_WithoutCurrentFixing_IsAPerTradeError()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var market = CurveFixtures.Market(valuationDate, "C", new FlatCurveDefinition(0.04));
        var seasoned = new InterestRateSwapTrade("s", null, 1, 1e6, 0.035, new DateOnly(2023, 12, 1), new DateOnly(2028, 12, 1), SwapDirection.PayFixed, Frequency.Annual, Frequency.Quarterly, "C");

        var without = PricingEngine.Price(market, [seasoned], [Measure.Pv])[0];
        var with = PricingEngine.Price(market, [seasoned with { CurrentFixingRate = 0.05 }], [Measure.Pv])[0];

        Assert.Contains("currentFixingRate", without.Errors[Measure.Pv]);
        Assert.True(with.Values.ContainsKey(Measure.Pv));
    }

    [Fact]
    public void Bond_Measures_AreNotApplicable()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var market = CurveFixtures.Market(valuationDate, "C", new FlatCurveDefinition(0.04));
        var swap = new InterestRateSwapTrade("s", null, 1, 1e6, 0.035, valuationDate, valuationDate.AddYears(2), SwapDirection.PayFixed, Frequency.Annual, Frequency.Quarterly, "C");

        var valuation = PricingEngine.Price(market, [swap], [Measure.Pv, Measure.DirtyPrice, Measure.Delta])[0];

        Assert.Single(valuation.Values);
        Assert.Equal([Measure.Delta, Measure.DirtyPrice], valuation.Errors.Keys.Order());
    }
}
