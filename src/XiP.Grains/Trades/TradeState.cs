using XiP.Abstractions.Trades;

namespace XiP.Grains.Trades;

/// <summary>The persisted state of a trade grain: every version ever stored, oldest first (version n at index n − 1).</summary>
[GenerateSerializer, Alias("xip.trade-state")]
public sealed class TradeState
{
    [Id(0)] public List<VersionedTrade> Versions { get; set; } = [];
}
