namespace XiP.Results;

/// <summary>
/// Where a run's data lives, as blobs keyed by (run, block, part): the run's manifest, its trades and their
/// keys per block, and one block of values per (block, measure). Every store (files, SQLite, PostgreSQL,
/// MongoDB) implements only this; cursors, pages, filters and formats are <see cref="ResultStore"/>'s, once.
/// </summary>
public interface IRunBlockStore
{
    /// <summary>Creates tables, collections and indexes if they are missing; safe to call repeatedly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every block, replacing any stored under the same (run, block, part): a retried batch overwrites.
    /// All or nothing per call where the store has transactions.
    /// </summary>
    Task PutAsync(string runId, IReadOnlyList<RunBlock> blocks, CancellationToken cancellationToken = default);

    /// <summary>The blob stored under (run, block, part), or null.</summary>
    Task<byte[]?> GetAsync(string runId, int block, string part, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blob stored under (run, block, part), or null, in a buffer the caller gives back by disposing it: a store
    /// that can read into pooled memory does, so reading large blocks does not churn the large-object heap.
    /// </summary>
    async Task<RunBlob?> ReadAsync(string runId, int block, string part, CancellationToken cancellationToken = default) =>
        await GetAsync(runId, block, part, cancellationToken).ConfigureAwait(false) is { } data ? new RunBlob(data, data.Length, pooled: false) : null;

    /// <summary>Every (block, part) stored for the run.</summary>
    Task<IReadOnlyList<RunBlockKey>> ListAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Removes everything stored for the run.</summary>
    Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default);
}

/// <summary>A blob read from a store; its buffer goes back to the shared pool when disposed, when it came from there.</summary>
public sealed class RunBlob(byte[] buffer, int length, bool pooled) : IDisposable
{
    private byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Data => _buffer is { } b ? b.AsMemory(0, length) : throw new ObjectDisposedException(nameof(RunBlob));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b && pooled)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(b);
        }
    }
}

/// <summary>One blob of a run.</summary>
public readonly record struct RunBlock(int Block, string Part, ReadOnlyMemory<byte> Data);

/// <summary>Where a blob of a run is stored.</summary>
public readonly record struct RunBlockKey(int Block, string Part);

/// <summary>The parts a run stores per block.</summary>
public static class RunParts
{
    /// <summary>The run's manifest, at block <see cref="ManifestBlock"/>.</summary>
    public const string Manifest = "run";

    public const int ManifestBlock = -1;

    /// <summary>The block's trades as a trade table (what compute reads).</summary>
    public const string Trades = "trades";

    /// <summary>The block's trade ids, versions and books (what result pages read).</summary>
    public const string Keys = "keys";

    private const string ValuesPrefix = "v-";

    /// <summary>The block's values of one measure.</summary>
    public static string Values(string measure) => ValuesPrefix + measure;

    public static bool IsValues(string part, out string measure)
    {
        measure = part.StartsWith(ValuesPrefix, StringComparison.Ordinal) ? part[ValuesPrefix.Length..] : string.Empty;
        return measure.Length > 0;
    }

    /// <summary>Part names are what the stores may use in file names and keys: letters, digits and '-'.</summary>
    public static bool IsValidName(string part) =>
        part.Length is > 0 and <= 64 && part.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-');
}
