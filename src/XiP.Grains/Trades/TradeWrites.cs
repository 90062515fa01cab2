using XiP.Abstractions.Trades;
using XiP.Grains.Mapping;
using XiP.Pricing.Columnar;
using XiP.Trades;

namespace XiP.Grains.Trades;

/// <summary>How grains store trades: as one upload of the trade store, then telling every book it changed.</summary>
internal static class TradeWrites
{
    /// <summary>The contract's trades as a trade table, in the order given.</summary>
    public static TradeTable ToTable(IReadOnlyList<TradeSpec> trades)
    {
        var builder = new TradeTableBuilder(trades.Count);
        foreach (var trade in trades)
        {
            builder.Add(WireMapper.ToTrade(trade), 0, Books.Of(trade));
        }

        return builder.Build();
    }

    /// <summary>Stores <paramref name="trades"/> in one transaction and tells the books; repeated ids refuse the whole call.</summary>
    /// <exception cref="ArgumentException">An id is given twice; nothing is stored.</exception>
    public static async Task<BookUpsertResult> StoreAsync(ITradeStore store, IGrainFactory grains, IReadOnlyList<TradeSpec> trades, DateTimeOffset now)
    {
        UploadOutcome outcome;
        await using (var upload = await store.BeginUploadAsync())
        {
            var repeats = await upload.AddAsync(ToTable(trades), Enumerable.Range(0, trades.Count).ToList(), null, now);
            if (repeats.Count > 0)
            {
                throw new ArgumentException($"Trade '{trades[repeats[0].Position].Id}' is given more than once.", nameof(trades));
            }

            outcome = await upload.CommitAsync();
        }

        await ChangedAsync(grains, outcome.Books);
        return new BookUpsertResult(outcome.Stored, outcome.Created, outcome.Changed);
    }

    public static Task ChangedAsync(IGrainFactory grains, IEnumerable<string> books) =>
        Task.WhenAll(books.Select(book => grains.GetGrain<IBookGrain>(book).ChangedAsync()));

    /// <summary>A stored trade in the contract's shape.</summary>
    public static VersionedTrade ToVersioned(StoredTrade stored) =>
        new(WireMapper.ToSpec(stored.Trade.ToTrade(0)), stored.Version, stored.StoredAt);
}
