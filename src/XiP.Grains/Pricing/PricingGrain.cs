using Orleans.Concurrency;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Grains.Mapping;
using XiP.Pricing.MarketData;
using XiP.Pricing.Time;
using XiP.Grains.Placement;

namespace XiP.Grains.Pricing;

/// <summary>Stateless pricing and calibration, on any compute silo.</summary>
/// <param name="pricing">This silo's pricing of requests, with its cache of calibrated markets.</param>
[StatelessWorker]
[SiloRole(SiloRoles.Compute)]
[GrainType("xip-pricing")]
public sealed class PricingGrain(RequestPricing pricing) : Grain, IPricingGrain
{
    Task<PriceResponse> IPricingGrain.PriceAsync(PriceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(pricing.Price(request, cancellationToken));

    Task IPricingGrain.CheckAsync(MarketDataSpec marketData)
    {
        // kept, not thrown away: a live market checks each version before its live books price on it
        pricing.Market(marketData);
        return Task.CompletedTask;
    }

    Task<CalibrateResponse> IPricingGrain.CalibrateAsync(CalibrateRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
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
}
