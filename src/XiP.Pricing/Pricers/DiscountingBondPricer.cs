using System.Collections.Frozen;
using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;

namespace XiP.Pricing.Pricers;

/// <summary>
/// Fixed-rate bonds discounted off a curve, settlement on the valuation date. Prices are per 100
/// face; <see cref="Measure.Pv"/> and <see cref="Measure.Pv01"/> are in currency for the trade's face value and quantity.
/// Bonds on one curve are valued together off one table of discount factors by day.
/// </summary>
public sealed class DiscountingBondPricer : IProductPricer
{
    public static DiscountingBondPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[]
    {
        Measure.Pv, Measure.DirtyPrice, Measure.CleanPrice, Measure.AccruedInterest, Measure.Pv01,
    }.ToFrozenSet();

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var pv01Curves = CurveShifts.Pv01Curves(market);
        var byCurve = new Dictionary<string, List<(int Position, FixedRateBondTrade Trade, ResolvedBond Bond)>>(StringComparer.Ordinal);
        for (var i = 0; i < trades.Count; i++)
        {
            var trade = (FixedRateBondTrade)trades[i];
            if (!market.Curves.ContainsKey(trade.Curve))
            {
                sink.Fail(positions[i], measures, $"the market data has no curve '{trade.Curve}'.");
                continue;
            }

            if (trade.MaturityDate <= market.ValuationDate)
            {
                sink.Fail(positions[i], measures, "the bond matured on or before the valuation date.");
                continue;
            }

            if (!byCurve.TryGetValue(trade.Curve, out var group))
            {
                group = [];
                byCurve[trade.Curve] = group;
            }

            group.Add((positions[i], trade, ResolvedBond.Resolve(trade, market.ValuationDate)));
        }

        foreach (var (curveName, group) in byCurve)
        {
            var offsets = new int[group.Count + 1];
            for (var j = 0; j < group.Count; j++)
            {
                offsets[j + 1] = offsets[j] + group[j].Bond.PayDays.Length;
            }

            var days = group.SelectMany(g => g.Bond.PayDays).ToArray();
            var amounts = group.SelectMany(g => g.Bond.Amounts).ToArray();
            var tableDays = days.Max() + 1;
            var dirty = new double[group.Count];
            Cashflows.DiscountedSums(market.Curves[curveName].DiscountFactorsByDay(tableDays), offsets, days, amounts, dirty);
            double[]? bumped = null;
            if (measures.Contains(Measure.Pv01))
            {
                bumped = new double[group.Count];
                Cashflows.DiscountedSums(pv01Curves(curveName).DiscountFactorsByDay(tableDays), offsets, days, amounts, bumped);
            }

            for (var j = 0; j < group.Count; j++)
            {
                var (position, trade, bond) = group[j];
                var scale = trade.FaceValue / 100.0 * trade.Quantity;
                foreach (var measure in measures)
                {
                    sink.Set(position, measure, measure switch
                    {
                        Measure.Pv => scale * dirty[j],
                        Measure.DirtyPrice => dirty[j],
                        Measure.CleanPrice => dirty[j] - bond.AccruedInterest,
                        Measure.AccruedInterest => bond.AccruedInterest,
                        Measure.Pv01 => scale * (bumped![j] - dirty[j]),
                        _ => throw new ArgumentOutOfRangeException(nameof(measures), measure, null),
                    });
                }
            }
        }
    }
}
