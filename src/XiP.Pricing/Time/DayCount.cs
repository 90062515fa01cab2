namespace XiP.Pricing.Time;

/// <summary>Actual/365 Fixed year fractions, the platform's only day count.</summary>
public static class DayCount
{
    /// <summary>(to − from in days) / 365, negative when <paramref name="to"/> is earlier.</summary>
    public static double YearFraction(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) / 365.0;
}
