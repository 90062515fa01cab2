using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Pricers;

/// <summary>
/// A swap's remaining cash flows as times from the valuation date: the input of the swap pricer,
/// resolved once per trade and reused for every curve it is priced on.
/// </summary>
public sealed class ResolvedSwap
{
    private ResolvedSwap(double notional, double fixedRate, double sign, double[] fixedPay, double[] fixedAccrual,
        double[] floatStart, double[] floatEnd, double[] floatAccrual, double fixedFirstForward)
    {
        Notional = notional;
        FixedRate = fixedRate;
        Sign = sign;
        FixedPayTimes = fixedPay;
        FixedAccruals = fixedAccrual;
        FloatStartTimes = floatStart;
        FloatEndTimes = floatEnd;
        FloatAccruals = floatAccrual;
        FixedFirstForward = fixedFirstForward;
    }

    public double Notional { get; }
    public double FixedRate { get; }
    /// <summary>+1 when the float leg is received (pay fixed), −1 otherwise.</summary>
    public double Sign { get; }
    public double[] FixedPayTimes { get; }
    public double[] FixedAccruals { get; }
    /// <summary>Accrual start times of the floating periods; the payment is at the period end.</summary>
    public double[] FloatStartTimes { get; }
    public double[] FloatEndTimes { get; }
    public double[] FloatAccruals { get; }
    /// <summary>The already fixed rate of a floating period that started before today, NaN when there is none.</summary>
    public double FixedFirstForward { get; }

    /// <summary>Resolves the schedules; returns an error message when the swap cannot be priced as given.</summary>
    public static ResolvedSwap Resolve(InterestRateSwapTrade swap, DateOnly valuationDate, out string? error)
    {
        error = null;
        var fixedDates = Schedule.Forward(swap.StartDate, swap.MaturityDate, swap.FixedFrequency);
        var floatDates = Schedule.Forward(swap.StartDate, swap.MaturityDate, swap.FloatFrequency);
        var fixedPay = new List<double>();
        var fixedAccrual = new List<double>();
        for (var i = 1; i < fixedDates.Count; i++)
        {
            if (fixedDates[i] > valuationDate)
            {
                fixedPay.Add(DayCount.YearFraction(valuationDate, fixedDates[i]));
                fixedAccrual.Add(DayCount.YearFraction(fixedDates[i - 1], fixedDates[i]));
            }
        }

        var floatStart = new List<double>();
        var floatEnd = new List<double>();
        var floatAccrual = new List<double>();
        var fixedFirstForward = double.NaN;
        for (var i = 1; i < floatDates.Count; i++)
        {
            if (floatDates[i] <= valuationDate)
            {
                continue;
            }

            if (floatDates[i - 1] < valuationDate)
            {
                if (swap.CurrentFixingRate is not { } fixing)
                {
                    error = $"the floating period from {floatDates[i - 1]:yyyy-MM-dd} fixed before the valuation date; give its rate as currentFixingRate.";
                }
                else
                {
                    fixedFirstForward = fixing;
                }
            }

            floatStart.Add(DayCount.YearFraction(valuationDate, floatDates[i - 1]));
            floatEnd.Add(DayCount.YearFraction(valuationDate, floatDates[i]));
            floatAccrual.Add(DayCount.YearFraction(floatDates[i - 1], floatDates[i]));
        }

        var sign = swap.Direction == SwapDirection.PayFixed ? 1.0 : -1.0;
        return new ResolvedSwap(swap.Notional, swap.FixedRate, sign, [.. fixedPay], [.. fixedAccrual], [.. floatStart], [.. floatEnd], [.. floatAccrual], fixedFirstForward);
    }
}
