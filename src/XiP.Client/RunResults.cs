namespace XiP.Client;

/// <summary>Which results to read: optional measure and book filters, and the page size (the server's default when null).</summary>
public sealed record ResultQuery(string? Measure = null, string? Book = null, int? PageSize = null);
