using XiP.Abstractions.MarketData;

namespace XiP.Grains.MarketData;

/// <summary>The persisted state of a market-data snapshot grain.</summary>
[GenerateSerializer, Alias("xip.market-data-state")]
public sealed class MarketDataState
{
    [Id(0)] public MarketDataSpec? Snapshot { get; set; }

    /// <summary>The snapshot as <see cref="Canonical"/> writes it, to tell the same body from a changed one.</summary>
    [Id(1)] public string? CanonicalJson { get; set; }

    [Id(2)] public DateTimeOffset StoredAt { get; set; }
}
