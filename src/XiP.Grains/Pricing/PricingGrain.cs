using Orleans.Concurrency;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Grains.Mapping;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Time;

namespace XiP.Grains.Pricing;

/// <summary>Stateless pricing: maps the request into the pricing library and back.</summary>
[StatelessWorker]
[GrainType("xip-pricing")]
public sealed class PricingGrain : Grain, IPricingGrain
{
    Task<PriceResponse> IPricingGrain.PriceAsync(PriceRequest request)
    {
        var market = Calibrate(request.MarketData);
        var trades = request.Trades.Select(WireMapper.ToTrade).ToList();
        var measures = request.Measures.Select(WireMapper.ToMeasure).ToList();
        var valuations = PricingEngine.Price(market, trades, measures);
        var results = valuations.Select(v => new TradeResult(
            v.TradeId,
            measures.Where(v.Values.ContainsKey).Distinct().ToDictionary(MeasureNames.Of, m => v.Values[m]),
            measures.Where(v.Errors.ContainsKey).Distinct().ToDictionary(MeasureNames.Of, m => v.Errors[m]))).ToList();
        return Task.FromResult(new PriceResponse(results));
    }

    Task IPricingGrain.CheckAsync(MarketDataSpec marketData)
    {
        Calibrate(marketData);
        return Task.CompletedTask;
    }

    Task<CalibrateResponse> IPricingGrain.CalibrateAsync(CalibrateRequest request)
    {
        CalibratedCurve calibrated;
        try
        {
            calibrated = MarketDataBuilder.Calibrate("curve", request.ValuationDate, WireMapper.ToDefinition(request.Curve));
        }
        catch (CurveCalibrationException e)
        {
            throw new InvalidMarketDataException("curve", e.Reason);
        }

        var nodes = calibrated.NodeDates
            .Select(d => new CurveNode(d, calibrated.Curve.DiscountFactor(DayCount.YearFraction(request.ValuationDate, d))))
            .ToList();
        var times = request.Dates.Select(d => DayCount.YearFraction(request.ValuationDate, d)).ToArray();
        var factors = new double[times.Length];
        calibrated.Curve.DiscountFactors(times, factors);
        return Task.FromResult(new CalibrateResponse(nodes, [.. factors]));
    }

    private static MarketSnapshot Calibrate(MarketDataSpec spec)
    {
        try
        {
            return MarketDataBuilder.Build(WireMapper.ToDefinition(spec));
        }
        catch (CurveCalibrationException e)
        {
            throw new InvalidMarketDataException($"curves.{e.CurveName}", e.Reason);
        }
    }
}
