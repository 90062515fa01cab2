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
    public static void PriceInto(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures, ValuationSink sink) =>
        Prepare(trades, measures).PriceInto(market, sink);

    /// <summary>Groups the trades by product once, for pricing the same batch on many markets (scenarios).</summary>
    public static PreparedBatch Prepare(IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures)
    {
        var groups = new List<PreparedGroup>();
        foreach (var group in Enumerable.Range(0, trades.Count).GroupBy(i => trades[i].GetType()))
        {
            var positions = group.ToList();
            var pricer = PricerFor(trades[positions[0]]);
            var supported = measures.Where(pricer.SupportedMeasures.Contains).Distinct().ToList();
            var unsupported = measures.Where(m => !pricer.SupportedMeasures.Contains(m)).Distinct().ToList();
            groups.Add(new PreparedGroup(pricer, positions.Select(p => trades[p]).ToList(), positions, supported, unsupported));
        }

        return new PreparedBatch(groups);
    }
}

/// <summary>A batch of trades grouped by product with the measures each group has: price it on any number of markets.</summary>
public sealed class PreparedBatch
{
    private readonly IReadOnlyList<PreparedGroup> _groups;

    internal PreparedBatch(IReadOnlyList<PreparedGroup> groups) => _groups = groups;

    /// <summary>Writes every trade's measures on <paramref name="market"/> into <paramref name="sink"/> at the trade's position.</summary>
    public void PriceInto(MarketSnapshot market, ValuationSink sink)
    {
        foreach (var group in _groups)
        {
            for (var i = 0; i < group.Positions.Count; i++)
            {
                foreach (var measure in group.Unsupported)
                {
                    sink.Fail(group.Positions[i], measure, $"{MeasureNames.Of(measure)} does not apply to a trade of type {ProductNames.Of(group.Trades[i])}.");
                }
            }

            if (group.Supported.Count > 0)
            {
                group.Pricer.Price(market, group.Trades, group.Positions, group.Supported, sink);
            }
        }
    }
}

internal sealed record PreparedGroup(IProductPricer Pricer, IReadOnlyList<Trade> Trades, IReadOnlyList<int> Positions, IReadOnlyList<Measure> Supported, IReadOnlyList<Measure> Unsupported);
