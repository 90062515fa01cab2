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
/// </summary>
public sealed class DiscountingSwapPricer : IProductPricer
{
    public static DiscountingSwapPricer Default { get; } = new();

    public IReadOnlySet<Measure> SupportedMeasures { get; } = new[] { Measure.Pv, Measure.ParRate, Measure.Pv01 }.ToFrozenSet();

    /// <summary>The present value of each leg (both positive for positive rates) and the fixed-leg annuity N·Σ τᵢ·P(tᵢ).</summary>
    public static SwapLegValues LegValues(ResolvedSwap swap, DiscountCurve curve)
    {
        double annuityFactor = 0.0;
        for (var i = 0; i < swap.FixedPayTimes.Length; i++)
        {
            annuityFactor += swap.FixedAccruals[i] * curve.DiscountFactor(swap.FixedPayTimes[i]);
        }

        double floatPv = 0.0;
        for (var i = 0; i < swap.FloatEndTimes.Length; i++)
        {
            var end = curve.DiscountFactor(swap.FloatEndTimes[i]);
            var accrual = swap.FloatAccruals[i];
            var forward = i == 0 && !double.IsNaN(swap.FixedFirstForward)
                ? swap.FixedFirstForward
                : (curve.DiscountFactor(swap.FloatStartTimes[i]) / end - 1.0) / accrual;
            floatPv += swap.Notional * forward * accrual * end;
        }

        var annuity = swap.Notional * annuityFactor;
        return new SwapLegValues(annuity * swap.FixedRate, floatPv, annuity);
    }

    /// <summary>The value on the valuation date to the holder: float − fixed for a payer, the opposite for a receiver.</summary>
    public static double PresentValue(ResolvedSwap swap, DiscountCurve curve)
    {
        var legs = LegValues(swap, curve);
        return swap.Sign * (legs.FloatLegPv - legs.FixedLegPv);
    }

    public void Price(MarketSnapshot market, IReadOnlyList<Trade> trades, IReadOnlyList<int> positions, IReadOnlyList<Measure> measures, ValuationSink sink)
    {
        var pv01Curves = CurveShifts.Pv01Curves(market);
        for (var i = 0; i < trades.Count; i++)
        {
            var trade = (InterestRateSwapTrade)trades[i];
            if (!market.Curves.TryGetValue(trade.Curve, out var curve))
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

            var legs = LegValues(swap, curve);
            var pv = swap.Sign * (legs.FloatLegPv - legs.FixedLegPv);
            foreach (var measure in measures)
            {
                switch (measure)
                {
                    case Measure.Pv:
                        sink.Set(positions[i], measure, trade.Quantity * pv);
                        break;
                    case Measure.ParRate when legs.Annuity == 0.0:
                        sink.Fail(positions[i], measure, "no fixed coupon is left to pay, so there is no par rate.");
                        break;
                    case Measure.ParRate:
                        sink.Set(positions[i], measure, legs.FloatLegPv / legs.Annuity);
                        break;
                    case Measure.Pv01:
                        sink.Set(positions[i], measure, trade.Quantity * (PresentValue(swap, pv01Curves(trade.Curve)) - pv));
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(measures), measure, null);
                }
            }
        }
    }
}
