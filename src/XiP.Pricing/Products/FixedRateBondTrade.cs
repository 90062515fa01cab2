using XiP.Pricing.Time;

namespace XiP.Pricing.Products;

/// <summary>A fixed-rate bullet bond, coupons rolled backward from maturity, redeemed at par.</summary>
public sealed record FixedRateBondTrade(
    string Id,
    string? Book,
    double Quantity,
    double FaceValue,
    double CouponRate,
    Frequency Frequency,
    DateOnly IssueDate,
    DateOnly MaturityDate,
    string Curve) : Trade(Id, Book, Quantity);
