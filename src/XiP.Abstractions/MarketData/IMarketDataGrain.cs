namespace XiP.Abstractions.MarketData;

/// <summary>A stored, immutable market-data snapshot, keyed by snapshot id.</summary>
[Alias("xip.IMarketDataGrain")]
public interface IMarketDataGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="snapshot"/> unless a different one is stored under this id.</summary>
    [Alias("Put")]
    Task<StoreOutcome> PutAsync(MarketDataSpec snapshot);

    /// <summary>The stored snapshot, or null when none is stored.</summary>
    [Alias("Get")]
    Task<StoredMarketData?> GetAsync();
}

/// <summary>What a store request did.</summary>
public enum StoreOutcome
{
    /// <summary>Nothing was stored under the id; now it is.</summary>
    Created,

    /// <summary>The same content was already stored; nothing changed.</summary>
    Unchanged,

    /// <summary>Different content is stored under the id; nothing changed.</summary>
    Conflict,
}

/// <summary>A stored snapshot and when it was stored.</summary>
[GenerateSerializer, Alias("xip.stored-market-data")]
public sealed record StoredMarketData(
    [property: Id(0)] string Id,
    [property: Id(1)] MarketDataSpec Snapshot,
    [property: Id(2)] DateTimeOffset StoredAt);
