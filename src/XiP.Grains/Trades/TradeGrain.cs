using XiP.Abstractions.Trades;
using XiP.Trades;
using XiP.Grains.Placement;

namespace XiP.Grains.Trades;

/// <summary>
/// One trade's single-trade API over the trade store: storing a definition identical to the current one changes
/// nothing; any other definition becomes the next version; every version stays readable, because runs record
/// which version of a trade they priced. No state of its own: the store holds the trade, in the columns runs read.
/// </summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-trade")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class TradeGrain(ITradeStore store, TimeProvider clock) : Grain, ITradeGrain
{
    async Task<TradeStored> ITradeGrain.PutAsync(TradeSpec trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var key = this.GetPrimaryKeyString();
        if (!string.Equals(trade.Id, key, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Trade '{trade.Id}' cannot be stored under the id '{key}'.", nameof(trade));
        }

        var before = await store.GetAsync(key, null);
        var result = await TradeWrites.StoreAsync(store, GrainFactory, [trade], clock.GetUtcNow());
        var previousBook = before?.Trade.BookOf(0);
        var moved = previousBook is not null && !string.Equals(previousBook, Books.Of(trade), StringComparison.Ordinal) ? previousBook : null;
        var version = (before?.LatestVersion ?? 0) + (result.Created + result.Changed > 0 ? 1 : 0);
        return new TradeStored(version, result.Created > 0, result.Created + result.Changed > 0, moved);
    }

    async Task<VersionedTrade?> ITradeGrain.GetAsync() =>
        await store.GetAsync(this.GetPrimaryKeyString(), null) is { } stored ? TradeWrites.ToVersioned(stored) : null;

    async Task<VersionedTrade?> ITradeGrain.GetVersionAsync(int version) =>
        version >= 1 && await store.GetAsync(this.GetPrimaryKeyString(), version) is { } stored ? TradeWrites.ToVersioned(stored) : null;
}
