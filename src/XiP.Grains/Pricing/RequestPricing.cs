using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Grains.Mapping;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Telemetry;

namespace XiP.Grains.Pricing;

/// <summary>
/// Prices a <see cref="PriceRequest"/>: maps it into the pricing library and back. One per silo, behind both the
/// pricing grain and, in embedded mode, the co-hosted gateway's direct call (<see cref="ILocalPricing"/>).
/// </summary>
/// <param name="markets">This silo's calibrated markets of recent requests.</param>
public sealed class RequestPricing(CalibratedMarketCache markets) : ILocalPricing
{
    public PriceResponse Price(PriceRequest request, CancellationToken cancellationToken)
    {
        // a request whose client has gone while it waited for its turn is not priced, nor its curves calibrated
        cancellationToken.ThrowIfCancellationRequested();
        // the span shows the pricing in a request's trace, in process (embedded) as inside the grain call (cluster)
        using var activity = XiPTelemetry.Source.StartActivity(XiPTelemetry.PriceSpan);
        activity?.SetTag("xip.trades", request.Trades.Count);
        var market = Market(request.MarketData);
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

        return new PriceResponse(results);
    }

    /// <summary>The calibrated market of <paramref name="spec"/>, kept in this silo's cache.</summary>
    /// <exception cref="InvalidMarketDataException">A curve cannot be calibrated; the path is <c>curves.NAME</c>.</exception>
    public MarketSnapshot Market(MarketDataSpec spec) => markets.GetOrAdd(spec, Calibrate);

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
