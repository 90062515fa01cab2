using Orleans.Concurrency;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Grains.Mapping;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;
using XiP.Grains.Placement;

namespace XiP.Grains.Pricing;

/// <summary>Stateless pricing: maps the request into the pricing library and back.</summary>
/// <param name="markets">This silo's calibrated markets of recent requests.</param>
[StatelessWorker]
[SiloRole(SiloRoles.Compute)]
[GrainType("xip-pricing")]
public sealed class PricingGrain(CalibratedMarketCache markets) : Grain, IPricingGrain
{
    Task<PriceResponse> IPricingGrain.PriceAsync(PriceRequest request, CancellationToken cancellationToken)
    {
        // a request whose client has gone while it waited for its turn is not priced, nor its curves calibrated
        cancellationToken.ThrowIfCancellationRequested();
        var market = markets.GetOrAdd(request.MarketData, Calibrate);
        var trades = new List<Trade>(request.Trades.Count);
        foreach (var trade in request.Trades)
        {
            trades.Add(WireMapper.ToTrade(trade));
        }

        // each measure once, in the order first asked for: the order of every trade's values and errors
        var measures = new List<Measure>(request.Measures.Count);
        foreach (var name in request.Measures)
        {
            var measure = WireMapper.ToMeasure(name);
            if (!measures.Contains(measure))
            {
                measures.Add(measure);
            }
        }

        var sink = new ValuationSink(trades.Count);
        cancellationToken.ThrowIfCancellationRequested();
        PricingEngine.PriceInto(market, trades, measures, sink);
        var results = new List<TradeResult>(trades.Count);
        for (var i = 0; i < trades.Count; i++)
        {
            var values = new Dictionary<string, double>(measures.Count);
            var errors = new Dictionary<string, string>();
            foreach (var measure in measures)
            {
                if (sink.TryGet(i, measure, out var value, out var error))
                {
                    values[MeasureNames.Of(measure)] = value;
                }
                else
                {
                    errors[MeasureNames.Of(measure)] = error!;
                }
            }

            results.Add(new TradeResult(trades[i].Id, values, errors));
        }

        return Task.FromResult(new PriceResponse(results));
    }

    Task IPricingGrain.CheckAsync(MarketDataSpec marketData)
    {
        // kept, not thrown away: a live market checks each version before its live books price on it
        markets.GetOrAdd(marketData, Calibrate);
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
