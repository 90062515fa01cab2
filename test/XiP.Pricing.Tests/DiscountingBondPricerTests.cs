using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;
using XiP.Testing;

namespace XiP.Pricing.Tests;

public sealed class DiscountingBondPricerTests
{
    private const double RelativeTolerance = 1e-10;
    private const double AbsoluteTolerance = 1e-12;

    [Fact]
    public void DirtyCleanAccrued_MatchQuantLib()
    {
        var file = ReferenceCaseFile.Load("bond.json");
        var report = new ToleranceReport(RelativeTolerance);
        foreach (var c in file.Cases)
        {
            var id = c.GetProperty("id").GetString()!;
            var market = CurveFixtures.Market(file.EvaluationDate, "C", CurveFixtures.LinearZero(c.GetProperty("curve")));
            var trade = new FixedRateBondTrade(id, null, 1.0, 100.0, c.GetProperty("coupon_rate").GetDouble(),
                Enum.Parse<Frequency>(c.GetProperty("frequency").GetString()!, ignoreCase: true),
                DateOnly.Parse(c.GetProperty("issue_date").GetString()!), DateOnly.Parse(c.GetProperty("maturity_date").GetString()!), "C");
            var valuation = PricingEngine.Price(market, [trade], [Measure.Pv, Measure.DirtyPrice, Measure.CleanPrice, Measure.AccruedInterest])[0];
            var expected = c.GetProperty("expected");
            report.Check($"{id}.dirty_price", expected.GetProperty("dirty_price").GetDouble(), valuation.Values[Measure.DirtyPrice], AbsoluteTolerance);
            report.Check($"{id}.pv", expected.GetProperty("dirty_price").GetDouble(), valuation.Values[Measure.Pv], AbsoluteTolerance);
            report.Check($"{id}.clean_price", expected.GetProperty("clean_price").GetDouble(), valuation.Values[Measure.CleanPrice], AbsoluteTolerance);
            report.Check($"{id}.accrued", expected.GetProperty("accrued").GetDouble(), valuation.Values[Measure.AccruedInterest], AbsoluteTolerance);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public void Pv_ScalesWithFaceValueAndQuantity_PricesDoNot()
    {
        var valuationDate = new DateOnly(2024, 1, 15);
        var market = CurveFixtures.Market(valuationDate, "C", new FlatCurveDefinition(0.03));
        var unit = new FixedRateBondTrade("b", null, 1, 100, 0.05, Frequency.Semiannual, new DateOnly(2022, 3, 1), new DateOnly(2032, 3, 1), "C");
        var big = unit with { FaceValue = 1_000_000, Quantity = 3 };

        var values = PricingEngine.Price(market, [unit, big], [Measure.Pv, Measure.DirtyPrice, Measure.Pv01]);

        Assert.Equal(values[0].Values[Measure.DirtyPrice], values[1].Values[Measure.DirtyPrice]);
        Assert.Equal(values[0].Values[Measure.Pv] * 30_000, values[1].Values[Measure.Pv], 1e-6);
        Assert.True(values[0].Values[Measure.Pv01] < 0);
    }
}
