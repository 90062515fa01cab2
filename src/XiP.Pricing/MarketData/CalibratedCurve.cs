namespace XiP.Pricing.MarketData;

/// <summary>A discount curve together with the dates of its nodes.</summary>
public sealed record CalibratedCurve(DiscountCurve Curve, IReadOnlyList<DateOnly> NodeDates);
