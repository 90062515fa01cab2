namespace XiP.Abstractions.Results;

/// <summary>Which results to read: optional filters, an opaque cursor from the previous page, a page size.</summary>
[GenerateSerializer, Immutable, Alias("xip.result-query")]
public sealed record ResultQuery(
    [property: Id(0)] string RunId,
    [property: Id(1)] string? Measure,
    [property: Id(2)] string? Book,
    [property: Id(3)] string? Cursor,
    [property: Id(4)] int Limit);
