using XiP.Abstractions.MarketData;

namespace XiP.Grains.Live;

/// <summary>The persisted state of a live market.</summary>
[GenerateSerializer, Alias("xip.live-market-state")]
public sealed class LiveMarketState
{
    [Id(0)] public MarketDataSpec? Market { get; set; }

    [Id(1)] public long Version { get; set; }

    /// <summary>The live books (<see cref="XiP.Abstractions.Live.LiveBooks.Key"/>) priced on it, kept with the market so they hear of changes after a restart too.</summary>
    [Id(2)] public HashSet<string> Subscriptions { get; set; } = new(StringComparer.Ordinal);
}
