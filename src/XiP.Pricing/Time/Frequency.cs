namespace XiP.Pricing.Time;

/// <summary>How often a leg or a bond pays.</summary>
public enum Frequency
{
    Annual = 12,
    Semiannual = 6,
    Quarterly = 3,
    Monthly = 1,
}

public static class FrequencyExtensions
{
    /// <summary>The length of one period in months.</summary>
    public static int Months(this Frequency frequency) => (int)frequency;
}
