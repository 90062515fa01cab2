using System.Text.Json;
using XiP.Contracts;

namespace XiP.Abstractions.MarketData;

/// <summary>A market-data snapshot as quoted by a client (REST contract "Market data").</summary>
/// <remarks>Not marked immutable: its maps are mutable, so Orleans copies it between grains in one process.</remarks>
[GenerateSerializer, Alias("xip.market-data-spec")]
public sealed record MarketDataSpec
{
    [Id(0)] public required DateOnly ValuationDate { get; init; }

    [Id(1)] public Dictionary<string, CurveSpec> Curves { get; init; } = [];

    [Id(2)] public Dictionary<string, EquitySpec> Equities { get; init; } = [];

    /// <summary>The snapshot as JSON with names in ordinal order, so two equal snapshots compare equal as text.</summary>
    public string CanonicalJson() => JsonSerializer.Serialize(
        new
        {
            ValuationDate,
            Curves = new SortedDictionary<string, CurveSpec>(Curves, StringComparer.Ordinal),
            Equities = new SortedDictionary<string, EquitySpec>(Equities, StringComparer.Ordinal),
        },
        ContractJson.Options);
}
