namespace XiP.Abstractions.MarketData;

/// <summary>A market-data snapshot as a client quoted it (the gateway maps it from the REST contract's <c>MarketData</c>).</summary>
/// <remarks>Not marked immutable: its maps are mutable, so Orleans copies it between grains in one process.</remarks>
[GenerateSerializer, Alias("xip.market-data-spec")]
public sealed record MarketDataSpec
{
    [Id(0)] public required DateOnly ValuationDate { get; init; }

    [Id(1)] public Dictionary<string, CurveSpec> Curves { get; init; } = [];

    [Id(2)] public Dictionary<string, EquitySpec> Equities { get; init; } = [];
}
