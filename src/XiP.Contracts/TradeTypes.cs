namespace XiP.Contracts;

/// <summary>The product types of the REST contract: the wire names a trade's <c>type</c> takes.</summary>
public static class TradeTypes
{
    public const string EuropeanOption = "europeanOption";
    public const string GeometricAsianOption = "geometricAsianOption";
    public const string InterestRateSwap = "interestRateSwap";
    public const string FixedRateBond = "fixedRateBond";

    /// <summary>Every product type, in the contract's order.</summary>
    public static IReadOnlyList<string> All { get; } = [EuropeanOption, GeometricAsianOption, InterestRateSwap, FixedRateBond];
}
