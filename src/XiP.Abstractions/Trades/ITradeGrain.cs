namespace XiP.Abstractions.Trades;

/// <summary>One trade's definition and version history (kept by the trade store), keyed by trade id.</summary>
[Alias("xip.ITradeGrain")]
public interface ITradeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="trade"/>: a new trade is version 1, a changed one the next version, an identical one changes nothing.</summary>
    [Alias("Put")]
    Task<TradeStored> PutAsync(TradeSpec trade);

    /// <summary>The current version, or null when the trade was never stored.</summary>
    [Alias("Get")]
    Task<VersionedTrade?> GetAsync();

    /// <summary>A given version, or null when there is no such version.</summary>
    [Alias("GetVersion")]
    Task<VersionedTrade?> GetVersionAsync(int version);
}

/// <summary>What storing a trade did.</summary>
/// <param name="Version">The trade's current version after the store.</param>
/// <param name="Created">True for a trade stored for the first time.</param>
/// <param name="Changed">True when a new version was written (always for a new trade).</param>
/// <param name="PreviousBook">The book of the version before, when it differs from the new one.</param>
[GenerateSerializer, Immutable, Alias("xip.trade-stored")]
public sealed record TradeStored(
    [property: Id(0)] int Version,
    [property: Id(1)] bool Created,
    [property: Id(2)] bool Changed,
    [property: Id(3)] string? PreviousBook);

/// <summary>A trade at one version.</summary>
[GenerateSerializer, Alias("xip.versioned-trade")]
public sealed record VersionedTrade(
    [property: Id(0)] TradeSpec Trade,
    [property: Id(1)] int Version,
    [property: Id(2)] DateTimeOffset StoredAt);
