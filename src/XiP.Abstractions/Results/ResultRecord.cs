namespace XiP.Abstractions.Results;

/// <summary>
/// One result of a run: a trade's measure under the base market data (index 0) and every scenario of
/// the set in its order, or why the trade could not be valued. Keyed by (run, trade, measure), so a
/// retried batch overwrites its records instead of adding to them.
/// </summary>
[GenerateSerializer, Alias("xip.result-record")]
public sealed record ResultRecord(
    [property: Id(0)] string RunId,
    [property: Id(1)] string TradeId,
    [property: Id(2)] string Measure,
    [property: Id(3)] string Book,
    [property: Id(4)] int TradeVersion,
    [property: Id(5)] double[]? Values,
    [property: Id(6)] string? Error);

/// <summary>A page of results and where the next one starts (null after the last).</summary>
[GenerateSerializer, Alias("xip.result-page")]
public sealed record ResultPage([property: Id(0)] List<ResultRecord> Items, [property: Id(1)] string? NextCursor);

/// <summary>Which results to read: optional filters, an opaque cursor from the previous page, a page size.</summary>
[GenerateSerializer, Immutable, Alias("xip.result-query")]
public sealed record ResultQuery(
    [property: Id(0)] string RunId,
    [property: Id(1)] string? Measure,
    [property: Id(2)] string? Book,
    [property: Id(3)] string? Cursor,
    [property: Id(4)] int Limit);
