using XiP.Abstractions.Trades;
using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>
/// Whether a caller may store a bulk upload's trades: each trade's book, and for a caller limited to some books the book
/// each stored trade is in now (moving a trade takes both). A caller entitled to every book costs nothing here.
/// </summary>
internal sealed class UploadEntitlement(Caller caller, IGrainFactory grains)
{
    // trade grains asked at once while checking where stored trades are
    private const int Concurrency = 64;

    /// <summary>The first book of <paramref name="trades"/> the caller may not use, or null when it may use them all.</summary>
    public async Task<string?> FirstRefusedAsync(IReadOnlyList<TradeSpec> trades)
    {
        if (caller.Books.IsAll)
        {
            return null;
        }

        foreach (var trade in trades)
        {
            if (!caller.MayUse(Books.Of(trade)))
            {
                return Books.Of(trade);
            }
        }

        string? refused = null;
        await Parallel.ForEachAsync(trades, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (trade, _) =>
        {
            if (await grains.GetGrain<ITradeGrain>(trade.Id).GetAsync() is { } current && !caller.MayUse(Books.Of(current.Trade)))
            {
                Interlocked.CompareExchange(ref refused, Books.Of(current.Trade), null);
            }
        });
        return refused;
    }
}
