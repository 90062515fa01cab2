namespace XiP.Client;

/// <summary>
/// One result of a run: a trade's measure under the base market data (<c>Values[0]</c>) and each scenario of the
/// set in its order (<c>Values[k]</c>); or, when the trade could not be valued, null values and the <see cref="Error"/>.
/// </summary>
public sealed record RunResult(string TradeId, string Book, string Measure, double[]? Values, string? Error, int TradeVersion);

/// <summary>A page of results and the cursor of the next one (null after the last).</summary>
public sealed record ResultPage(List<RunResult> Items, string? NextCursor);

/// <summary>Which results to read: optional measure and book filters, and the page size (the server's default when null).</summary>
public sealed record ResultQuery(string? Measure = null, string? Book = null, int? PageSize = null);
