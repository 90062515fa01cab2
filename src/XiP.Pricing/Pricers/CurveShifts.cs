using XiP.Pricing.MarketData;

namespace XiP.Pricing.Pricers;

/// <summary>PV01 bump: every zero-rate pillar +1bp.</summary>
internal static class CurveShifts
{
    public const double OneBasisPoint = 1e-4;

    // One shifted curve per name and pricing call, not one per trade.
    public static Func<string, DiscountCurve> Pv01Curves(MarketSnapshot market)
    {
        var cache = new Dictionary<string, DiscountCurve>(StringComparer.Ordinal);
        return name =>
        {
            if (!cache.TryGetValue(name, out var shifted))
            {
                shifted = market.Curves[name].ParallelShift(OneBasisPoint);
                cache[name] = shifted;
            }

            return shifted;
        };
    }
}
