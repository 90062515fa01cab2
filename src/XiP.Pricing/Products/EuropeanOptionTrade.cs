namespace XiP.Pricing.Products;

/// <summary>A European option on an equity, discounted off <paramref name="DiscountCurve"/>.</summary>
public sealed record EuropeanOptionTrade(
    string Id,
    string? Book,
    double Quantity,
    string Underlying,
    OptionType OptionType,
    double Strike,
    DateOnly Expiry,
    string DiscountCurve) : Trade(Id, Book, Quantity);
