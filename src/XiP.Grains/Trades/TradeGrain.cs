using System.Text.Json;
using XiP.Abstractions;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Trades;

/// <summary>
/// One trade and its version history, persisted. Storing a definition identical to the current one
/// (same canonical JSON) changes nothing; any other definition becomes the next version. Every version is
/// kept, because runs record which version of a trade they priced.
/// </summary>
/// <remarks>
/// Bulk loads activate one grain per trade; the books keep their own in-memory copies, so an idle trade
/// grain is collected sooner than the default to keep a 100k-trade load from pinning 100k activations.
/// </remarks>
[GrainType("xip-trade")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class TradeGrain(
    [PersistentState("trade", ProviderNames.GrainState)] IPersistentState<TradeState> state,
    TimeProvider clock) : Grain, ITradeGrain
{
    // The canonical JSON of the current version, computed once per activation.
    private string? _currentCanonical;

    /// <summary>The form two definitions are compared in: the contract's JSON of the spec.</summary>
    public static string CanonicalJson(TradeSpec trade) => JsonSerializer.Serialize(trade, WireJson.Options);

    async Task<TradeStored> ITradeGrain.PutAsync(TradeSpec trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var key = this.GetPrimaryKeyString();
        if (!string.Equals(trade.Id, key, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Trade '{trade.Id}' cannot be stored under the id '{key}'.", nameof(trade));
        }

        var versions = state.State.Versions;
        var current = versions.Count > 0 ? versions[^1] : null;
        var canonical = CanonicalJson(trade);
        if (current is not null)
        {
            _currentCanonical ??= CanonicalJson(current.Trade);
            if (string.Equals(_currentCanonical, canonical, StringComparison.Ordinal))
            {
                return new TradeStored(current.Version, Created: false, Changed: false, PreviousBook: null);
            }
        }

        var stored = new VersionedTrade(trade, versions.Count + 1, clock.GetUtcNow());
        versions.Add(stored);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was written: the activation must not remember a version storage does not have.
            versions.RemoveAt(versions.Count - 1);
            throw;
        }

        _currentCanonical = canonical;
        var previousBook = current is not null && !string.Equals(Books.Of(current.Trade), Books.Of(trade), StringComparison.Ordinal)
            ? Books.Of(current.Trade)
            : null;
        return new TradeStored(stored.Version, Created: current is null, Changed: true, previousBook);
    }

    Task<VersionedTrade?> ITradeGrain.GetAsync()
    {
        var versions = state.State.Versions;
        return Task.FromResult(versions.Count > 0 ? versions[^1] : null);
    }

    Task<VersionedTrade?> ITradeGrain.GetVersionAsync(int version)
    {
        var versions = state.State.Versions;
        return Task.FromResult(version >= 1 && version <= versions.Count ? versions[version - 1] : null);
    }
}
