namespace XiP.Gateway.Validation;

/// <summary>Range rules for numbers; each returns a message when the value breaks it.</summary>
public static class Rules
{
    /// <summary>A rate or yield beyond ±100% is a units mistake (5 for 5%), not a market.</summary>
    public const double MaxRate = 1.0;

    public const double MaxVolatility = 10.0;

    public static string? Positive(double x) => x > 0 ? null : "must be positive.";

    public static string? NonNegative(double x) => x >= 0 ? null : "must not be negative.";

    public static string? Rate(double x) => Math.Abs(x) <= MaxRate ? null : $"must be a rate between -{MaxRate} and {MaxRate} (0.05 is 5%).";

    public static string? NonNegativeRate(double x) => x is >= 0 and <= MaxRate ? null : $"must be a rate between 0 and {MaxRate} (0.05 is 5%).";

    public static string? Volatility(double x) => x is > 0 and <= MaxVolatility ? null : $"must be positive and at most {MaxVolatility} (0.2 is 20%).";
}
