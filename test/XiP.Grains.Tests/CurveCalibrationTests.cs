using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Tests;

/// <summary>Curves calibrated through <see cref="IPricingGrain"/>: bootstrapped nodes, and quotes no curve can meet.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CurveCalibrationTests(ClusterFixture fixture)
{
    // ln P is solved to 1e-15 and P(T) = 1/(1 + r·τ) goes through exp(−ln(1 + r·τ)): a few ulps of 1.
    private const double RepriceTolerance = 1e-14;

    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    private static readonly CurveSpec Bootstrapped = new()
    {
        Interpolation = CurveInterpolation.LogLinearDiscount,
        Instruments =
        [
            new() { Type = CurveInstrumentKind.Swap, Tenor = "5Y", Rate = 0.030, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Semiannual },
            new() { Type = CurveInstrumentKind.Deposit, Tenor = "3M", Rate = 0.031 },
            new() { Type = CurveInstrumentKind.Swap, Tenor = "2Y", Rate = 0.029, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Semiannual },
            new() { Type = CurveInstrumentKind.Deposit, Tenor = "6M", Rate = 0.032 },
        ],
    };

    private IPricingGrain Pricing => fixture.Client.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker);

    [Fact]
    public async Task CalibratingABootstrappedCurveReturnsItsNodesFromTheValuationDateAndTheirDiscountFactorsAtThoseDates()
    {
        DateOnly[] nodeDates = [ValuationDate, new(2024, 4, 15), new(2024, 7, 15), new(2026, 1, 15), new(2029, 1, 15)];
        // Asked in another order than the nodes, to show the answer follows the request.
        List<DateOnly> requested = [.. nodeDates.Reverse()];

        var response = await Pricing.CalibrateAsync(new CalibrateRequest(ValuationDate, Bootstrapped, requested));

        Assert.Equal(nodeDates, response.Nodes.Select(n => n.Date));
        Assert.Equal(new CurveNode(ValuationDate, 1.0), response.Nodes[0]);
        Assert.Equal(response.Nodes.Select(n => n.DiscountFactor).Reverse(), response.DiscountFactors);
        Assert.All(response.Nodes.Zip(response.Nodes.Skip(1)), pair => Assert.True(
            pair.Second.DiscountFactor < pair.First.DiscountFactor && pair.Second.DiscountFactor > 0.0,
            $"discount factor at {pair.Second.Date} is {pair.Second.DiscountFactor:R} after {pair.First.DiscountFactor:R}"));
    }

    [Fact]
    public async Task ACalibratedCurveRepricesEveryDepositAndSwapItWasBootstrappedFrom()
    {
        static double Tau(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) / 365.0;
        DateOnly[] annualCoupons = [.. Enumerable.Range(1, 5).Select(ValuationDate.AddYears)];
        List<DateOnly> requested = [new(2024, 4, 15), new(2024, 7, 15), .. annualCoupons];

        var response = await Pricing.CalibrateAsync(new CalibrateRequest(ValuationDate, Bootstrapped, requested));

        var df = requested.Zip(response.DiscountFactors).ToDictionary();
        Assert.Equal(1.0 / (1.0 + 0.031 * Tau(ValuationDate, new(2024, 4, 15))), df[new(2024, 4, 15)], RepriceTolerance);
        Assert.Equal(1.0 / (1.0 + 0.032 * Tau(ValuationDate, new(2024, 7, 15))), df[new(2024, 7, 15)], RepriceTolerance);
        foreach (var (rate, years) in new[] { (0.029, 2), (0.030, 5) })
        {
            var coupons = annualCoupons.Take(years).ToList();
            var annuity = coupons.Select((d, i) => Tau(i == 0 ? ValuationDate : coupons[i - 1], d) * df[d]).Sum();
            Assert.Equal(1.0 - df[coupons[^1]], rate * annuity, RepriceTolerance);
        }
    }

    [Fact]
    public async Task CalibratingAFlatCurveGivesOneNodeAtTheValuationDateAndDiscountFactorsExpMinusRateTimesTime()
    {
        const double rate = 0.05;
        List<DateOnly> requested = [ValuationDate, new(2025, 1, 15), new(2054, 1, 15)];

        var response = await Pricing.CalibrateAsync(new CalibrateRequest(ValuationDate, new CurveSpec { FlatRate = rate }, requested));

        Assert.Equal([new CurveNode(ValuationDate, 1.0)], response.Nodes);
        Assert.Equal(requested.Select(d => Math.Exp(-rate * ((d.DayNumber - ValuationDate.DayNumber) / 365.0))), response.DiscountFactors);
    }

    [Fact]
    public async Task CheckingASnapshotWithADepositRateThatGivesNoPositiveDiscountFactorThrowsNamingTheCurve()
    {
        var valid = Snapshot(Bootstrapped);
        var invalid = Snapshot(new CurveSpec
        {
            Interpolation = CurveInterpolation.LogLinearDiscount,
            Instruments = [new() { Type = CurveInstrumentKind.Deposit, Tenor = "1Y", Rate = -1.5 }],
        });

        await Pricing.CheckAsync(valid);
        var e = await Assert.ThrowsAsync<InvalidMarketDataException>(() => Pricing.CheckAsync(invalid));

        Assert.Equal("curves.EUR-ESTR", e.Path);
        Assert.Equal("deposit rate -1.5 gives a non-positive discount factor.", e.Message);
    }

    [Fact]
    public async Task PricingWithTwoCurveInstrumentsEndingOnTheSameDateThrowsNamingTheCurve()
    {
        var market = Snapshot(SameEndDate());
        var swap = new InterestRateSwapSpec
        {
            Id = "sw-1", Notional = 1_000_000, FixedRate = 0.03, StartDate = ValuationDate, MaturityDate = new DateOnly(2029, 1, 15),
            Direction = SwapDirectionKind.PayFixed, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Quarterly,
            Curve = "USD-FLAT",
        };

        var e = await Assert.ThrowsAsync<InvalidMarketDataException>(() => Pricing.PriceAsync(new PriceRequest(market, [swap], ["pv"])));

        Assert.Equal("curves.EUR-ESTR", e.Path);
        Assert.Equal("two instruments end on 2025-01-15; each node needs its own instrument.", e.Message);
    }

    [Fact]
    public async Task CheckingWithTwoCurveInstrumentsEndingOnTheSameDateThrowsNamingTheCurve()
    {
        var e = await Assert.ThrowsAsync<InvalidMarketDataException>(() => Pricing.CheckAsync(Snapshot(SameEndDate())));

        Assert.Equal("curves.EUR-ESTR", e.Path);
    }

    [Fact]
    public async Task CalibratingTwoCurveInstrumentsEndingOnTheSameDateThrowsNamingTheRequestsCurve()
    {
        var e = await Assert.ThrowsAsync<InvalidMarketDataException>(
            () => Pricing.CalibrateAsync(new CalibrateRequest(ValuationDate, SameEndDate(), [ValuationDate])));

        Assert.Equal("curve", e.Path);
        Assert.Equal("two instruments end on 2025-01-15; each node needs its own instrument.", e.Message);
    }

    /// <summary>A 12M deposit and a 1Y swap: both end on 2025-01-15, so the second has no node of its own.</summary>
    private static CurveSpec SameEndDate() => new()
    {
        Interpolation = CurveInterpolation.LogLinearDiscount,
        Instruments =
        [
            new() { Type = CurveInstrumentKind.Deposit, Tenor = "12M", Rate = 0.031 },
            new() { Type = CurveInstrumentKind.Swap, Tenor = "1Y", Rate = 0.030, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Semiannual },
        ],
    };

    /// <summary>A good flat curve beside <paramref name="curve"/> under the name <c>EUR-ESTR</c>.</summary>
    private static MarketDataSpec Snapshot(CurveSpec curve) => new()
    {
        ValuationDate = ValuationDate,
        Curves = { ["USD-FLAT"] = new CurveSpec { FlatRate = 0.05 }, ["EUR-ESTR"] = curve },
    };
}
