using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace XiP.Results.Postgres;

/// <summary>
/// <see cref="IRunBlockStore"/> of a cluster on PostgreSQL: table <c>xip_run_blocks</c> keyed by (run id, block,
/// part), blobs as <c>bytea</c> stored uncompressed (values do not compress, so trying costs CPU for nothing).
/// </summary>
/// <remarks>
/// A call's blocks go as one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE</c>: one statement, one round
/// trip, atomic; in key order, so concurrent writers that share keys lock them in the same order. Connections come
/// from the store's own pool, at most <see cref="PostgresResultStoreOptions.MaxConnections"/> of them, so a host's
/// share of a server's connections is bounded whatever the load.
/// </remarks>
[DebuggerDisplay("PostgresBlockStore")]
public sealed partial class PostgresBlockStore : IRunBlockStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly SharedInitialization _initialization;

    public PostgresBlockStore(PostgresResultStoreOptions options, ILogger<PostgresBlockStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresResultStoreOptionsValidator.ThrowIfInvalid(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = options.MaxConnections };
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _initialization = new SharedInitialization(InitializeCoreAsync);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _initialization.EnsureAsync(cancellationToken);

    public async Task PutAsync(string runId, IReadOnlyList<RunBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            return;
        }

        // the last of a key given twice wins, as for the other stores; PostgreSQL refuses to update a row twice in one statement
        var byKey = new SortedDictionary<(int Block, string Part), ReadOnlyMemory<byte>>(Comparer<(int Block, string Part)>.Create(
            (a, b) => a.Block != b.Block ? a.Block.CompareTo(b.Block) : string.CompareOrdinal(a.Part, b.Part)));
        foreach (var block in blocks)
        {
            byKey[(block.Block, block.Part)] = block.Data;
        }

        var numbers = byKey.Keys.Select(k => k.Block).ToArray();
        var parts = byKey.Keys.Select(k => k.Part).ToArray();
        var data = byKey.Values.Select(d => d.ToArray()).ToArray();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO xip_run_blocks (run_id, block, part, data)
            SELECT $1, b, p, d FROM unnest($2::integer[], $3::text[], $4::bytea[]) AS t(b, p, d)
            ON CONFLICT (run_id, block, part) DO UPDATE SET data = excluded.data
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = numbers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = parts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetAsync(string runId, int block, string part, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT data FROM xip_run_blocks WHERE run_id = $1 AND block = $2 AND part = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = block });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part });
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    public async Task<IReadOnlyList<RunBlockKey>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT block, part FROM xip_run_blocks WHERE run_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<RunBlockKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new RunBlockKey(reader.GetInt32(0), reader.GetString(1)));
        }

        return keys;
    }

    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("DELETE FROM xip_run_blocks WHERE run_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(7306540712863745);
            CREATE TABLE IF NOT EXISTS xip_run_blocks (
                run_id text    COLLATE "C" NOT NULL,
                block  integer NOT NULL,
                part   text    COLLATE "C" NOT NULL,
                data   bytea   NOT NULL,
                PRIMARY KEY (run_id, block, part)
            );
            ALTER TABLE xip_run_blocks ALTER COLUMN data SET STORAGE EXTERNAL;
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // rows are counted, not estimated: pg_class.reltuples stays 0 after a vacuum of the emptied table whatever is inserted later,
        // and relname would match a run_results of any schema rather than the one this connection's search path finds
        await using (var command = new NpgsqlCommand("SELECT to_regclass('run_results') IS NOT NULL", connection, transaction))
        {
            if (await command.ExecuteScalarAsync().ConfigureAwait(false) is true)
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM run_results", connection, transaction);
                var rows = (long)(await count.ExecuteScalarAsync().ConfigureAwait(false))!;
                if (rows > 0)
                {
                    throw new LegacyResultsException(
                        $"The PostgreSQL database holds {rows} results in the format of XiP before block storage (table run_results). "
                        + "This version cannot read them and never reads them as blocks. Read what you need with the previous version "
                        + "(GET /v1/runs/{id}/results), then drop the table (DROP TABLE run_results) and start again.");
                }
            }
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        LogInitialized(_logger, stopwatch.Elapsed.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL result store ready (table xip_run_blocks), initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, double elapsedMilliseconds);
}
