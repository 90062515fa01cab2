using XiP.Abstractions.Trades;

namespace XiP.Grains.Live;

/// <summary>Which market objects a trade's price reads, from its spec.</summary>
public static class TradeDependencies
{
    /// <summary>Whether <paramref name="trade"/> reads any object in <paramref name="changes"/>; every trade does when <paramref name="changes"/> is null.</summary>
    public static bool DependsOn(TradeSpec trade, MarketChanges? changes) => changes is null || trade switch
    {
        EuropeanOptionSpec o => changes.Equities.Contains(o.Underlying) || changes.Curves.Contains(o.DiscountCurve),
        GeometricAsianOptionSpec o => changes.Equities.Contains(o.Underlying) || changes.Curves.Contains(o.DiscountCurve),
        InterestRateSwapSpec s => changes.Curves.Contains(s.Curve),
        FixedRateBondSpec b => changes.Curves.Contains(b.Curve),

        // a product this does not know yet is re-priced on every change rather than left stale
        _ => true,
    };
}
