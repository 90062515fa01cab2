namespace XiP.Abstractions.Results;

/// <summary>
/// Results as columns: record r is (<see cref="TradeIds"/>[r], <see cref="Books"/>[r], <see cref="Measures"/>[r],
/// <see cref="TradeVersions"/>[r]) with the values <c>Values[r·Markets … r·Markets + Markets − 1]</c> (base first),
/// or, when <see cref="Errors"/>[r] is not null, no values (that row is zeros). Records are in (trade, measure)
/// order; <see cref="NextCursor"/> continues after the last, null when no record follows.
/// </summary>
[GenerateSerializer, Immutable, Alias("xip.result-page-data")]
public sealed record ResultPageData(
    [property: Id(0)] string[] TradeIds,
    [property: Id(1)] string[] Books,
    [property: Id(2)] string[] Measures,
    [property: Id(3)] int[] TradeVersions,
    [property: Id(4)] double[] Values,
    [property: Id(5)] string?[] Errors,
    [property: Id(6)] int Markets,
    [property: Id(7)] string? NextCursor)
{
    public static ResultPageData Empty { get; } = new([], [], [], [], [], [], 0, null);

    public int Count => TradeIds.Length;

    public ReadOnlySpan<double> ValuesOf(int record) => Values.AsSpan(record * Markets, Markets);
}
