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
    /// <remarks>Groups in the order their first trade comes, each group's trades and measures in request order, each measure once.</remarks>
    public static PreparedBatch Prepare(IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures)
    {
        // a handful of product types at most: a scan of the groups begun so far finds a trade's group
        var types = new List<Type>();
        var members = new List<(List<Trade> Trades, List<int> Positions)>();
        for (var i = 0; i < trades.Count; i++)
        {
            var g = types.IndexOf(trades[i].GetType());
            if (g < 0)
            {
                g = types.Count;
                types.Add(trades[i].GetType());
                members.Add(([], []));
            }

            members[g].Trades.Add(trades[i]);
            members[g].Positions.Add(i);
        }

        var groups = new List<PreparedGroup>(types.Count);
        foreach (var (groupTrades, positions) in members)
        {
            var pricer = PricerFor(groupTrades[0]);
            var supported = new List<Measure>();
            var unsupported = new List<Measure>();
            foreach (var measure in measures)
            {
                var list = pricer.SupportedMeasures.Contains(measure) ? supported : unsupported;
                if (!list.Contains(measure))
                {
                    list.Add(measure);
                }
            }

            groups.Add(new PreparedGroup(pricer, groupTrades, positions, supported, unsupported));
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
