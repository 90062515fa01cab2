using XiP.Pricing.MarketData;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;

namespace XiP.Pricing.Measures;

/// <summary>
/// Prices many trades for many measures on one market snapshot: groups the trades by product, hands
/// each group to its pricer in one batch, and reports a measure that does not apply to a product as
/// that trade's error rather than a failure of the whole request.
/// </summary>
public static class PricingEngine
{
    /// <summary>The pricer of each product type.</summary>
    public static IProductPricer PricerFor(Trade trade) => trade switch
    {
        EuropeanOptionTrade => EuropeanOptionPricer.Default,
        GeometricAsianOptionTrade => GeometricAsianOptionPricer.Default,
        InterestRateSwapTrade => DiscountingSwapPricer.Default,
        FixedRateBondTrade => DiscountingBondPricer.Default,
        _ => throw new ArgumentException($"No pricer for {trade.GetType().Name}.", nameof(trade)),
    };

    /// <summary>Values in the order of <paramref name="trades"/>.</summary>
    public static IReadOnlyList<TradeValuation> Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures)
    {
        var sink = new ValuationSink(trades.Count);
        PriceInto(market, trades, measures, sink);
        var distinct = measures.Distinct().ToList();
        return Enumerable.Range(0, trades.Count).Select(i => sink.Result(i, trades[i].Id, distinct)).ToList();
    }

    /// <summary>Writes every trade's measures into <paramref name="sink"/> at the trade's position.</summary>
    public static void PriceInto(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        foreach (var group in Enumerable.Range(0, trades.Count).GroupBy(i => trades[i].GetType()))
        {
            var positions = group.ToList();
            var pricer = PricerFor(trades[positions[0]]);
            var supported = measures.Where(pricer.SupportedMeasures.Contains).Distinct().ToList();
            var unsupported = measures.Where(m => !pricer.SupportedMeasures.Contains(m)).Distinct().ToList();
            foreach (var position in positions)
            {
                foreach (var measure in unsupported)
                {
                    sink.Fail(position, measure, $"{MeasureNames.Of(measure)} does not apply to a trade of type {ProductNames.Of(trades[position])}.");
                }
            }

            if (supported.Count > 0)
            {
                pricer.Price(market, positions.Select(p => trades[p]).ToList(), positions, supported, sink);
            }
        }
    }
}
