using XiP.Abstractions.MarketData;

namespace XiP.Abstractions.Live;

/// <summary>A live market: market data that changes, one version per accepted change, and the live books priced on it.</summary>
[Alias("xip.ILiveMarketGrain")]
public interface ILiveMarketGrain : IGrainWithStringKey
{
    /// <summary>Replaces the whole market; version 1 when there was none.</summary>
    /// <exception cref="Pricing.InvalidMarketDataException">A curve cannot be calibrated; nothing changes.</exception>
    [Alias("Put")]
    Task<LiveMarketWrite> PutAsync(MarketDataSpec market);

    /// <summary>Merges <paramref name="patch"/> into the market; null when there is no live market to patch.</summary>
    /// <exception cref="Pricing.InvalidMarketDataException">The merged market is not valid (the path names the field); nothing changes.</exception>
    [Alias("Patch")]
    Task<LiveMarketWrite?> PatchAsync(MarketPatch patch);

    /// <summary>The current state, or null when there is no live market.</summary>
    [Alias("Get")]
    Task<LiveMarketSnapshot?> GetAsync();

    /// <summary>Tells live book <paramref name="liveBook"/> of every later change; false when there is no live market.</summary>
    [Alias("Subscribe")]
    Task<bool> SubscribeAsync(string liveBook);

    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(string liveBook);
}

/// <summary>The version a write made, and whether it made the live market.</summary>
[GenerateSerializer, Immutable, Alias("xip.live-market-write")]
public sealed record LiveMarketWrite([property: Id(0)] long Version, [property: Id(1)] bool Created);

/// <summary>A live market's whole state at <see cref="Version"/>; the live market replaces its state on a change, never edits it, so it is sent uncopied.</summary>
[GenerateSerializer, Immutable, Alias("xip.live-market-snapshot")]
public sealed record LiveMarketSnapshot([property: Id(0)] long Version, [property: Id(1)] MarketDataSpec MarketData);

/// <summary>A partial change: a curve given replaces the curve whole, an equity's given fields replace those fields.</summary>
[GenerateSerializer, Alias("xip.market-patch")]
public sealed record MarketPatch
{
    [Id(0)] public Dictionary<string, CurveSpec> Curves { get; init; } = [];

    [Id(1)] public Dictionary<string, EquityPatch> Equities { get; init; } = [];
}

/// <summary>The fields of an equity a patch changes; a new equity needs spot and volatility.</summary>
[GenerateSerializer, Immutable, Alias("xip.equity-patch")]
public sealed record EquityPatch(
    [property: Id(0)] double? Spot,
    [property: Id(1)] double? DividendYield,
    [property: Id(2)] double? Volatility);
