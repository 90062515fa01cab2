using System.Collections.Frozen;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;

namespace XiP.Pricing.Pricers;

/// <summary>Leg values of a swap on one curve.</summary>
public readonly record struct SwapLegValues(double FixedLegPv, double FloatLegPv, double Annuity);

/// <summary>
/// Single-curve discounting of vanilla swaps: floating coupons are projected off the discount curve over
/// exactly their accrual period, F = (P(s)/P(e) − 1)/τ, fixing at period start, paid at period end.
/// Swaps on one curve are valued together off one table of discount factors by day.
/// </summary>
public sealed class DiscountingSwapPricer : IProductPricer
{
    public static DiscountingSwapPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[] { Measure.Pv, Measure.ParRate, Measure.Pv01 }.ToFrozenSet();

    /// <summary>The present value of each leg (both positive for positive rates) and the fixed-leg annuity N·Σ τᵢ·P(tᵢ).</summary>
    public static SwapLegValues LegValues(ResolvedSwap swap, DiscountCurve curve)
    {
        var book = new SwapBook([swap]);
        Span<double> annuity = stackalloc double[1];
        Span<double> floating = stackalloc double[1];
        book.LegValues(curve.DiscountFactorsByDay(book.LastDay + 1), annuity, floating);
        return new SwapLegValues(swap.FixedRate * annuity[0], floating[0], annuity[0]);
    }

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var pv01Curves = CurveShifts.Pv01Curves(market);
        var byCurve = new Dictionary<string, List<(int Position, InterestRateSwapTrade Trade, ResolvedSwap Swap)>>(StringComparer.Ordinal);
        for (var i = 0; i < trades.Count; i++)
        {
            var trade = (InterestRateSwapTrade)trades[i];
            if (!market.Curves.ContainsKey(trade.Curve))
            {
                sink.Fail(positions[i], measures, $"the market data has no curve '{trade.Curve}'.");
                continue;
            }

            var swap = ResolvedSwap.Resolve(trade, market.ValuationDate, out var error);
            if (error is not null)
            {
                sink.Fail(positions[i], measures, error);
                continue;
            }

            if (!byCurve.TryGetValue(trade.Curve, out var group))
            {
                group = [];
                byCurve[trade.Curve] = group;
            }

            group.Add((positions[i], trade, swap));
        }

        foreach (var (curveName, group) in byCurve)
        {
            var book = new SwapBook(group.Select(g => g.Swap).ToList());
            var n = group.Count;
            var annuities = new double[n];
            var floating = new double[n];
            var pv = new double[n];
            book.PresentValues(market.Curves[curveName].DiscountFactorsByDay(book.LastDay + 1), annuities, floating, pv);
            double[]? bumped = null;
            if (measures.Contains(Measure.Pv01))
            {
                bumped = new double[n];
                book.PresentValues(pv01Curves(curveName).DiscountFactorsByDay(book.LastDay + 1), new double[n], new double[n], bumped);
            }

            for (var j = 0; j < n; j++)
            {
                var (position, trade, _) = group[j];
                foreach (var measure in measures)
                {
                    switch (measure)
                    {
                        case Measure.Pv:
                            sink.Set(position, measure, trade.Quantity * pv[j]);
                            break;
                        case Measure.ParRate when annuities[j] == 0.0:
                            sink.Fail(position, measure, "no fixed coupon is left to pay, so there is no par rate.");
                            break;
                        case Measure.ParRate:
                            sink.Set(position, measure, floating[j] / annuities[j]);
                            break;
                        case Measure.Pv01:
                            sink.Set(position, measure, trade.Quantity * (bumped![j] - pv[j]));
                            break;
                        default:
                            throw new ArgumentOutOfRangeException(nameof(measures), measure, null);
                    }
                }
            }
        }
    }
}
