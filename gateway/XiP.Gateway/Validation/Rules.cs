using System.Globalization;
using XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>Range rules for numbers; each returns a message when the value breaks it.</summary>
public static class Rules
{
    /// <summary>A rate or yield beyond ±100% is a units mistake (5 for 5%), not a market.</summary>
    public const double MaxRate = 1.0;

    public const double MaxVolatility = 10.0;

    public static string? Positive(double x) => x > 0 ? null : "must be positive.";

    public static string? Price(double x) => x is > 0 and <= Limits.MaxPrice ? null : $"must be positive and at most {Limits.MaxPrice:0e0}.";

    public static string? Amount(double x) => x is > 0 and <= Limits.MaxAmount ? null : $"must be positive and at most {Limits.MaxAmount:0e0}.";

    public static string? Quantity(double x) => Math.Abs(x) <= Limits.MaxQuantity ? null : $"must be between -{Limits.MaxQuantity:0e0} and {Limits.MaxQuantity:0e0}.";

    public static string? NonNegative(double x) => x >= 0 ? null : "must not be negative.";

    public static string? Rate(double x) => Math.Abs(x) <= MaxRate ? null : $"must be a rate between -{MaxRate} and {MaxRate} (0.05 is 5%).";

    public static string? NonNegativeRate(double x) => x is >= 0 and <= MaxRate ? null : $"must be a rate between 0 and {MaxRate} (0.05 is 5%).";

    public static string? Volatility(double x) => x is > 0 and <= MaxVolatility ? null : $"must be positive and at most {MaxVolatility} (0.2 is 20%).";
}

/// <summary>The contract's range of dates (<see cref="Limits.EarliestDate"/> to <see cref="Limits.LatestDate"/>).</summary>
public static class Dates
{
    public static string RangeMessage { get; } =
        $"must be a date from {Limits.EarliestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {Limits.LatestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.";

    public static bool InRange(DateOnly date) => date >= Limits.EarliestDate && date <= Limits.LatestDate;
}
