using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Pricers;

/// <summary>A bond's flows paid after the valuation date, as whole days and amounts per 100 face, and its accrued interest.</summary>
public sealed class ResolvedBond
{
    private ResolvedBond(int[] payDays, double[] amounts, double accrued)
    {
        PayDays = payDays;
        Amounts = amounts;
        AccruedInterest = accrued;
    }

    public int[] PayDays { get; }
    /// <summary>Coupons 100·c·τ and the redemption of 100.</summary>
    public double[] Amounts { get; }
    /// <summary>100·c·(days from the current period's start to the valuation date)/365.</summary>
    public double AccruedInterest { get; }

    public static ResolvedBond Resolve(FixedRateBondTrade bond, DateOnly valuationDate)
    {
        const double Face = 100.0;
        var dates = Schedule.Backward(bond.IssueDate, bond.MaturityDate, bond.Frequency);
        var payDays = new List<int>(dates.Count);
        var amounts = new List<double>(dates.Count);
        var accrued = 0.0;
        for (var i = 1; i < dates.Count; i++)
        {
            if (dates[i] <= valuationDate)
            {
                continue;
            }

            payDays.Add(dates[i].DayNumber - valuationDate.DayNumber);
            amounts.Add(Face * bond.CouponRate * DayCount.YearFraction(dates[i - 1], dates[i]));
            if (dates[i - 1] < valuationDate)
            {
                accrued = Face * bond.CouponRate * DayCount.YearFraction(dates[i - 1], valuationDate);
            }
        }

        payDays.Add(bond.MaturityDate.DayNumber - valuationDate.DayNumber);
        amounts.Add(Face);
        return new ResolvedBond([.. payDays], [.. amounts], accrued);
    }
}
