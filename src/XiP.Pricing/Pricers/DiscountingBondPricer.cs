using System.Collections.Frozen;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;

namespace XiP.Pricing.Pricers;

/// <summary>
/// Fixed-rate bonds discounted off a curve, settlement on the valuation date. Prices are per 100
/// face; <see cref="Measure.Pv"/> and <see cref="Measure.Pv01"/> are in currency for the trade's face value and quantity.
/// </summary>
public sealed class DiscountingBondPricer : IProductPricer
{
    public static DiscountingBondPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[]
    {
        Measure.Pv, Measure.DirtyPrice, Measure.CleanPrice, Measure.AccruedInterest, Measure.Pv01,
    }.ToFrozenSet();

    /// <summary>Σ amount·P(pay) over the remaining flows, per 100 face.</summary>
    public static double DirtyPrice(ResolvedBond bond, DiscountCurve curve)
    {
        double sum = 0.0;
        for (var i = 0; i < bond.PayTimes.Length; i++)
        {
            sum += bond.Amounts[i] * curve.DiscountFactor(bond.PayTimes[i]);
        }

        return sum;
    }

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var pv01Curves = CurveShifts.Pv01Curves(market);
        for (var i = 0; i < trades.Count; i++)
        {
            var trade = (FixedRateBondTrade)trades[i];
            if (!market.Curves.TryGetValue(trade.Curve, out var curve))
            {
                sink.Fail(positions[i], measures, $"the market data has no curve '{trade.Curve}'.");
                continue;
            }

            if (trade.MaturityDate <= market.ValuationDate)
            {
                sink.Fail(positions[i], measures, "the bond matured on or before the valuation date.");
                continue;
            }

            var bond = ResolvedBond.Resolve(trade, market.ValuationDate);
            var dirty = DirtyPrice(bond, curve);
            var scale = trade.FaceValue / 100.0 * trade.Quantity;
            foreach (var measure in measures)
            {
                sink.Set(positions[i], measure, measure switch
                {
                    Measure.Pv => scale * dirty,
                    Measure.DirtyPrice => dirty,
                    Measure.CleanPrice => dirty - bond.AccruedInterest,
                    Measure.AccruedInterest => bond.AccruedInterest,
                    Measure.Pv01 => scale * (DirtyPrice(bond, pv01Curves(trade.Curve)) - dirty),
                    _ => throw new ArgumentOutOfRangeException(nameof(measures), measure, null),
                });
            }
        }
    }
}
