namespace XiP.Contracts.Results;

/// <summary>
/// One result of a run: a trade's measure under the base market data (<c>Values[0]</c>) and each scenario of the
/// set in its order (<c>Values[k]</c>); or, when the trade could not be valued, null values and the <see cref="Error"/>.
/// </summary>
public sealed record ResultItem(string TradeId, string Book, string Measure, double[]? Values, string? Error, int TradeVersion);

/// <summary>A page of <c>GET /v1/runs/{runId}/results</c> and the cursor of the next one (null after the last).</summary>
public sealed record ResultPage(List<ResultItem> Items, string? NextCursor);
