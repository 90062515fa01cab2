namespace XiP.Pricing.Products;

/// <summary>A trade as booked: identified, optionally in a book, scaled by a quantity.</summary>
public abstract record Trade(string Id, string? Book, double Quantity);
