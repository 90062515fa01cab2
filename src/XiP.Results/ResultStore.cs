using System.Buffers;
using XiP.Abstractions.Results;
using XiP.Contracts;
using XiP.Pricing.Columnar;
using XiP.Pricing.Measures;

namespace XiP.Results;

/// <summary>
/// A run's stored data over any <see cref="IRunBlockStore"/>: the manifest and the trades of each block, written
/// at submission; one value block per (block, measure), written by the batch that computed it (a retry
/// overwrites); and the reads: pages in (trade, measure) order with an opaque cursor, filtered by measure and
/// book, and whole blocks. Block b holds the run's trades b·n … b·n + n − 1 in the run's trade order (by id),
/// so reading blocks in order gives records in trade order, whatever order the batches finished in.
/// </summary>
public sealed class ResultStore(IRunBlockStore store)
{
    /// <summary>The largest page <see cref="ReadPageAsync"/> returns (the contract's <see cref="Limits.MaxResultPageSize"/>); larger limits are clamped to it.</summary>
    public const int MaxPageSize = Limits.MaxResultPageSize;

    /// <summary>A page holds at most this many values (records × markets), whatever its limit.</summary>
    public const int MaxPageValues = 4 * 1024 * 1024;

    // One call writes at most about this much, so submitting a large run never holds it all twice.
    private const long PutBytes = 16L * 1024 * 1024;

    public IRunBlockStore Blocks => store;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => store.InitializeAsync(cancellationToken);

    /// <summary>
    /// Stores the run's trades block by block (each block's table and keys) and then its manifest: a stored
    /// manifest means every input block is there.
    /// </summary>
    public async Task WriteRunAsync(RunManifest manifest, TradeTable trades, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(trades);
        if (trades.Count != manifest.Trades)
        {
            throw new ArgumentException($"The manifest counts {manifest.Trades} trades; the table has {trades.Count}.", nameof(trades));
        }

        var pending = new List<RunBlock>();
        long bytes = 0;
        for (var block = 0; block < manifest.Blocks; block++)
        {
            var slice = trades.Slice(block * manifest.TradesPerBlock, manifest.TradesIn(block));
            var table = TradeTableCodec.Encode(slice);
            var keys = TradeKeysCodec.Encode(TradeKeysCodec.Of(slice));
            pending.Add(new RunBlock(block, RunParts.Trades, table));
            pending.Add(new RunBlock(block, RunParts.Keys, keys));
            bytes += table.Length + keys.Length;
            if (bytes >= PutBytes)
            {
                await store.PutAsync(manifest.RunId, pending, cancellationToken).ConfigureAwait(false);
                pending.Clear();
                bytes = 0;
            }
        }

        pending.Add(new RunBlock(RunParts.ManifestBlock, RunParts.Manifest, manifest.Encode()));
        await store.PutAsync(manifest.RunId, pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's manifest, or null when nothing (or not all of its input) is stored.</summary>
    public async Task<RunManifest?> GetManifestAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var blob = await store.GetAsync(runId, RunParts.ManifestBlock, RunParts.Manifest, cancellationToken).ConfigureAwait(false);
        return blob is null ? null : RunManifest.Decode(blob);
    }

    /// <summary>The trades of one block of the run.</summary>
    /// <exception cref="KeyNotFoundException">The block's trades are not stored.</exception>
    public async Task<TradeTable> ReadTradesAsync(string runId, int block, CancellationToken cancellationToken = default)
    {
        var blob = await store.GetAsync(runId, block, RunParts.Trades, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Run '{runId}' has no trades stored for block {block}.");
        return TradeTableCodec.Decode(blob);
    }

    /// <summary>Stores the values of every measure of one block, in one call (so all or nothing where the store has transactions).</summary>
    public async Task WriteValuesAsync(string runId, int block, BatchValues values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);

        // blocks are hundreds of KiB: encoded in pooled buffers, so writing them does not churn the large-object heap
        var buffers = new byte[values.Measures.Count][];
        var parts = new RunBlock[values.Measures.Count];
        try
        {
            for (var k = 0; k < parts.Length; k++)
            {
                var length = ValueBlock.EncodedLength(values, k);
                buffers[k] = ArrayPool<byte>.Shared.Rent(length);
                ValueBlock.EncodeInto(values, k, buffers[k].AsSpan(0, length));
                parts[k] = new RunBlock(block, RunParts.Values(MeasureNames.Of(values.Measures[k])), buffers[k].AsMemory(0, length));
            }

            await store.PutAsync(runId, parts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    /// <summary>
    /// A page of the run's results in (trade, measure) order. A null measure or book does not filter; any other
    /// value must match exactly. <see cref="ResultPageData.NextCursor"/> is null exactly when no record follows.
    /// Records whose block is not written yet are not there (a running run's page holds what is done).
    /// </summary>
    /// <exception cref="ArgumentException">The run id is empty, or the cursor is malformed.</exception>
    public async Task<ResultPageData> ReadPageAsync(ResultQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.RunId, $"{nameof(query)}.{nameof(query.RunId)}");
        var after = query.Cursor is null ? ((int Block, int Trade, string Measure)?)null : ResultCursor.Decode(query.Cursor, $"{nameof(query)}.{nameof(query.Cursor)}");
        var manifest = await GetManifestAsync(query.RunId, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return ResultPageData.Empty;
        }

        var measures = Measures(manifest, query.Measure);
        var (block, trade, measure) = (0, 0, 0);
        if (after is { } cursor)
        {
            // continue with the first measure after the cursor's (by name) for the same trade, else the next trade
            var next = measures.FindIndex(m => string.CompareOrdinal(m, cursor.Measure) > 0);
            (block, trade, measure) = next >= 0 ? (cursor.Block, cursor.Trade, next) : (cursor.Block, cursor.Trade + 1, 0);
        }

        var limit = Math.Min(Math.Clamp(query.Limit, 1, MaxPageSize), Math.Max(1, MaxPageValues / manifest.Markets));
        var reader = new PageReader(this, manifest, measures, query.Book, limit);
        return await reader.ReadAsync(block, trade, measure, lastBlock: manifest.Blocks - 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every record of one block (filtered), in page order; the cursor is not set.</summary>
    public async Task<ResultPageData> ReadBlockAsync(RunManifest manifest, int block, string? measure, string? book, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentOutOfRangeException.ThrowIfNegative(block);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, Math.Max(1, manifest.Blocks));
        var measures = Measures(manifest, measure);
        var reader = new PageReader(this, manifest, measures, book, Math.Max(1, manifest.TradesIn(block) * measures.Count));
        var page = await reader.ReadAsync(block, 0, 0, lastBlock: block, cancellationToken).ConfigureAwait(false);
        return page with { NextCursor = null };
    }

    /// <summary>How many (trade, measure) records the run has stored.</summary>
    public async Task<long> CountAsync(string runId, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(runId, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return 0;
        }

        long count = 0;
        foreach (var key in await store.ListAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (RunParts.IsValues(key.Part, out _) && key.Block >= 0 && key.Block < manifest.Blocks)
            {
                count += manifest.TradesIn(key.Block);
            }
        }

        return count;
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return store.DeleteRunAsync(runId, cancellationToken);
    }

    internal async Task<TradeKeys?> ReadKeysAsync(string runId, int block, CancellationToken cancellationToken)
    {
        var blob = await store.GetAsync(runId, block, RunParts.Keys, cancellationToken).ConfigureAwait(false);
        return blob is null ? null : TradeKeysCodec.Decode(blob);
    }

    /// <summary>A value block read in place from a pooled buffer: dispose it once read.</summary>
    internal async Task<ValueBlock?> ReadValuesAsync(string runId, int block, string measure, CancellationToken cancellationToken)
    {
        var blob = await store.ReadAsync(runId, block, RunParts.Values(measure), cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return null;
        }

        try
        {
            return ValueBlock.Decode(blob.Data, blob);
        }
        catch
        {
            blob.Dispose();
            throw;
        }
    }

    private static List<string> Measures(RunManifest manifest, string? measure) =>
        measure is null ? [.. manifest.Measures] : manifest.Measures.Contains(measure, StringComparer.Ordinal) ? [measure] : [];
}
