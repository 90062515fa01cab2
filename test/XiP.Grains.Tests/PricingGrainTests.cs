using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;
using XiP.Grains.Mapping;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Testing;

namespace XiP.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PricingGrainTests(ClusterFixture fixture)
{
    // The reference files' own tolerances (see "tolerance" in european.json and swap.json).
    private const double OptionRelativeTolerance = 1e-10;
    private const double SwapRelativeTolerance = 1e-8;
    private const double RateTolerance = 1e-14;

    // A spread sample: every 25th of the 500 option cases, every 10th of the 100 swap cases.
    private const int OptionCaseStride = 25;
    private const int SwapCaseStride = 10;
    private const int OptionSampleSize = 20;
    private const int SwapSampleSize = 10;

    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    private IPricingGrain Pricing => fixture.Client.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker);

    [Fact]
    public async Task PricingEuropeanOptionsThroughThePricingGrainMatchesQuantLib()
    {
        var file = ReferenceCaseFile.Load("european.json");
        var cases = file.Cases.Where((_, i) => i % OptionCaseStride == 0).ToList();
        Assert.Equal(OptionSampleSize, cases.Count);

        var response = await Pricing.PriceAsync(ReferenceRequests.EuropeanOptions(file.EvaluationDate, cases));

        Assert.Equal(cases.Select(ReferenceRequests.Id), response.Results.Select(r => r.TradeId));
        var report = new ToleranceReport(OptionRelativeTolerance);
        foreach (var (c, result) in cases.Zip(response.Results))
        {
            Assert.Empty(result.Errors);
            var s = c.GetProperty("S").GetDouble();
            var k = c.GetProperty("K").GetDouble();
            var t = Math.Max(c.GetProperty("T").GetDouble(), 1.0);
            var atol = new Dictionary<string, double>
            {
                ["price"] = 1e-13 * s, ["delta"] = 1e-13, ["gamma"] = 1e-13 / s, ["vega"] = 1e-13 * s,
                ["theta"] = 1e-13 * s, ["rho"] = 1e-13 * k * t, ["dividend_rho"] = 1e-13 * s * t,
            };
            foreach (var (measure, field) in ReferenceRequests.OptionMeasures)
            {
                report.Check($"{result.TradeId}.{measure}", c.GetProperty("expected").GetProperty(field).GetDouble(), result.Values[measure], atol[field]);
            }
        }

        report.AssertAllWithin();
        Assert.Equal(OptionSampleSize * ReferenceRequests.OptionMeasures.Length, report.Checked);
    }

    [Fact]
    public async Task PricingSwapsThroughThePricingGrainMatchesQuantLib()
    {
        var file = ReferenceCaseFile.Load("swap.json");
        var cases = file.Cases.Where((_, i) => i % SwapCaseStride == 0).ToList();
        Assert.Equal(SwapSampleSize, cases.Count);

        var response = await Pricing.PriceAsync(ReferenceRequests.Swaps(file.EvaluationDate, cases));

        Assert.Equal(cases.Select(ReferenceRequests.Id), response.Results.Select(r => r.TradeId));
        var report = new ToleranceReport(SwapRelativeTolerance);
        foreach (var (c, result) in cases.Zip(response.Results))
        {
            Assert.Empty(result.Errors);
            var amountTolerance = 1e-10 * c.GetProperty("notional").GetDouble();
            foreach (var (measure, field) in ReferenceRequests.SwapMeasures)
            {
                var atol = measure == "parRate" ? RateTolerance : amountTolerance;
                report.Check($"{result.TradeId}.{measure}", c.GetProperty("expected").GetProperty(field).GetDouble(), result.Values[measure], atol);
            }
        }

        report.AssertAllWithin();
        Assert.Equal(SwapSampleSize * ReferenceRequests.SwapMeasures.Length, report.Checked);
    }

    [Fact]
    public async Task PricingThroughThePricingGrainGivesExactlyThePricingEnginesNumbers()
    {
        var optionFile = ReferenceCaseFile.Load("european.json");
        var swapFile = ReferenceCaseFile.Load("swap.json");
        Assert.Equal(optionFile.EvaluationDate, swapFile.EvaluationDate);
        var options = ReferenceRequests.EuropeanOptions(optionFile.EvaluationDate, optionFile.Cases.Where((_, i) => i % OptionCaseStride == 0).ToList());
        var swaps = ReferenceRequests.Swaps(swapFile.EvaluationDate, swapFile.Cases.Where((_, i) => i % SwapCaseStride == 0).ToList());
        // One mixed batch: both products, every measure of either, so each trade also reports the other product's measures as errors.
        var request = new PriceRequest(
            options.MarketData with { Curves = options.MarketData.Curves.Concat(swaps.MarketData.Curves).ToDictionary() },
            [.. swaps.Trades.Take(5), .. options.Trades, .. swaps.Trades.Skip(5)],
            [.. options.Measures.Union(swaps.Measures)]);

        var response = await Pricing.PriceAsync(request);

        var market = MarketDataBuilder.Build(WireMapper.ToDefinition(request.MarketData));
        var expected = PricingEngine.Price(market, request.Trades.Select(WireMapper.ToTrade).ToList(), request.Measures.Select(WireMapper.ToMeasure).ToList());
        Assert.Equal(request.Trades.Select(t => t.Id), response.Results.Select(r => r.TradeId));
        foreach (var (valuation, result) in expected.Zip(response.Results))
        {
            Assert.Equal(valuation.Values.ToDictionary(kv => MeasureNames.Of(kv.Key), kv => kv.Value), result.Values);
            Assert.Equal(valuation.Errors.ToDictionary(kv => MeasureNames.Of(kv.Key), kv => kv.Value), result.Errors);
        }
    }

    [Fact]
    public async Task A_request_whose_caller_has_gone_is_not_priced()
    {
        var file = ReferenceCaseFile.Load("european.json");
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pricing.PriceAsync(ReferenceRequests.EuropeanOptions(file.EvaluationDate, [.. file.Cases]), gone.Token));
    }

    [Fact]
    public async Task AMeasureThatDoesNotApplyToATradeTypeComesBackInThatTradesErrorsAndTheOthersArePriced()
    {
        var market = new MarketDataSpec
        {
            ValuationDate = ValuationDate,
            Curves = { ["USD-FLAT"] = new CurveSpec { FlatRate = 0.05 } },
            Equities = { ["ACME"] = new EquitySpec(128.24, 0.0416, 0.1523) },
        };
        var option = new EuropeanOptionSpec
        {
            Id = "eu-1", Underlying = "ACME", OptionType = OptionKind.Call, Strike = 127.2,
            Expiry = new DateOnly(2029, 11, 23), DiscountCurve = "USD-FLAT",
        };
        var swap = new InterestRateSwapSpec
        {
            Id = "sw-1", Notional = 10_000_000, FixedRate = 0.04513, StartDate = ValuationDate, MaturityDate = new DateOnly(2034, 1, 15),
            Direction = SwapDirectionKind.PayFixed, FixedFrequency = PaymentFrequency.Annual, FloatFrequency = PaymentFrequency.Quarterly, Curve = "USD-FLAT",
        };

        var mixed = await Pricing.PriceAsync(new PriceRequest(market, [option, swap], ["pv", "delta", "parRate", "dirtyPrice"]));
        var optionAlone = await Pricing.PriceAsync(new PriceRequest(market, [option], ["pv", "delta"]));
        var swapAlone = await Pricing.PriceAsync(new PriceRequest(market, [swap], ["pv", "parRate"]));

        Assert.Equal(["eu-1", "sw-1"], mixed.Results.Select(r => r.TradeId));
        var (optionResult, swapResult) = (mixed.Results[0], mixed.Results[1]);
        Assert.Equal(optionAlone.Results[0].Values, optionResult.Values);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["parRate"] = "parRate does not apply to a trade of type europeanOption.",
                ["dirtyPrice"] = "dirtyPrice does not apply to a trade of type europeanOption.",
            },
            optionResult.Errors);
        Assert.Equal(swapAlone.Results[0].Values, swapResult.Values);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["delta"] = "delta does not apply to a trade of type interestRateSwap.",
                ["dirtyPrice"] = "dirtyPrice does not apply to a trade of type interestRateSwap.",
            },
            swapResult.Errors);
        Assert.Equal(["delta", "pv"], optionResult.Values.Keys.Order());
        Assert.Equal(["parRate", "pv"], swapResult.Values.Keys.Order());
    }
}
