namespace XiP.Pricing.Products;

/// <summary>How an Asian option averages.</summary>
public enum Averaging
{
    Discrete,
    Continuous,
}

/// <summary>An option on the geometric average price, averaging from the valuation date, paid at expiry.</summary>
/// <param name="FixingDates">The averaging dates when <paramref name="Averaging"/> is discrete; empty otherwise.</param>
public sealed record GeometricAsianOptionTrade(
    string Id,
    string? Book,
    double Quantity,
    string Underlying,
    OptionType OptionType,
    double Strike,
    DateOnly Expiry,
    Averaging Averaging,
    IReadOnlyList<DateOnly> FixingDates,
    string DiscountCurve) : Trade(Id, Book, Quantity);
