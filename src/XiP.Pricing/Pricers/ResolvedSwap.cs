using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Pricers;

/// <summary>
/// A swap's remaining cash flows as whole days from the valuation date: the input of the swap
/// kernels, resolved once per trade and reused for every curve it is priced on.
/// </summary>
public sealed class ResolvedSwap
{
    private ResolvedSwap(double notional, double fixedRate, double sign, int[] fixedPayDays, double[] fixedAccruals,
        int[] floatStartDays, int[] floatEndDays, double[] floatAccruals, double[] floatFixings)
    {
        Notional = notional;
        FixedRate = fixedRate;
        Sign = sign;
        FixedPayDays = fixedPayDays;
        FixedAccruals = fixedAccruals;
        FloatStartDays = floatStartDays;
        FloatEndDays = floatEndDays;
        FloatAccruals = floatAccruals;
        FloatFixings = floatFixings;
    }

    public double Notional { get; }
    public double FixedRate { get; }
    /// <summary>+1 when the float leg is received (pay fixed), −1 otherwise.</summary>
    public double Sign { get; }
    public int[] FixedPayDays { get; }
    public double[] FixedAccruals { get; }
    /// <summary>Accrual starts of the floating periods; each pays at its end.</summary>
    public int[] FloatStartDays { get; }
    public int[] FloatEndDays { get; }
    public double[] FloatAccruals { get; }
    /// <summary>The already fixed rate of each floating period, NaN where it is projected off the curve.</summary>
    public double[] FloatFixings { get; }

    /// <summary>The last day any flow needs a discount factor for.</summary>
    public int LastDay => Math.Max(FixedPayDays.Length > 0 ? FixedPayDays[^1] : 0, FloatEndDays.Length > 0 ? FloatEndDays[^1] : 0);

    /// <summary>Resolves the schedules; returns an error message when the swap cannot be priced as given.</summary>
    public static ResolvedSwap Resolve(InterestRateSwapTrade swap, DateOnly valuationDate, out string? error)
    {
        error = null;
        var fixedDates = Schedule.Forward(swap.StartDate, swap.MaturityDate, swap.FixedFrequency);
        var floatDates = Schedule.Forward(swap.StartDate, swap.MaturityDate, swap.FloatFrequency);
        var fixedPay = new List<int>(fixedDates.Count);
        var fixedAccrual = new List<double>(fixedDates.Count);
        for (var i = 1; i < fixedDates.Count; i++)
        {
            if (fixedDates[i] > valuationDate)
            {
                fixedPay.Add(Days(valuationDate, fixedDates[i]));
                fixedAccrual.Add(DayCount.YearFraction(fixedDates[i - 1], fixedDates[i]));
            }
        }

        var floatStart = new List<int>(floatDates.Count);
        var floatEnd = new List<int>(floatDates.Count);
        var floatAccrual = new List<double>(floatDates.Count);
        var fixings = new List<double>(floatDates.Count);
        for (var i = 1; i < floatDates.Count; i++)
        {
            if (floatDates[i] <= valuationDate)
            {
                continue;
            }

            var fixing = double.NaN;
            if (floatDates[i - 1] < valuationDate)
            {
                if (swap.CurrentFixingRate is { } rate)
                {
                    fixing = rate;
                }
                else
                {
                    error = $"the floating period from {floatDates[i - 1]:yyyy-MM-dd} fixed before the valuation date; give its rate as currentFixingRate.";
                }
            }

            floatStart.Add(Math.Max(Days(valuationDate, floatDates[i - 1]), 0));
            floatEnd.Add(Days(valuationDate, floatDates[i]));
            floatAccrual.Add(DayCount.YearFraction(floatDates[i - 1], floatDates[i]));
            fixings.Add(fixing);
        }

        var sign = swap.Direction == SwapDirection.PayFixed ? 1.0 : -1.0;
        return new ResolvedSwap(swap.Notional, swap.FixedRate, sign, [.. fixedPay], [.. fixedAccrual], [.. floatStart], [.. floatEnd], [.. floatAccrual], [.. fixings]);
    }

    private static int Days(DateOnly from, DateOnly to) => to.DayNumber - from.DayNumber;
}
