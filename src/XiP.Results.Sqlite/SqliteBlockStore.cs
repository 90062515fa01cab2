using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace XiP.Results.Sqlite;

/// <summary>
/// <see cref="IRunBlockStore"/> on one SQLite file: table <c>run_blocks</c>, keyed by (run id, block, part),
/// WITHOUT ROWID so a run's blocks are contiguous. A call's blocks are written in one <c>BEGIN IMMEDIATE</c>
/// transaction, so they land together or not at all.
/// </summary>
/// <remarks>
/// WAL with <c>synchronous = NORMAL</c>: a committed call survives a crash of the process, a power failure may
/// take the last ones back. Every operation opens its own pooled connection; writers of every store of this process on
/// the file queue on its async gate (<see cref="FileWriteGates"/>) rather than in SQLite's busy handler. The file store (<see cref="FileBlockStore"/>) is the
/// faster embedded choice for large runs; this one keeps a run in a single file.
/// </remarks>
[DebuggerDisplay("SqliteBlockStore:{DatabasePath}")]
public sealed partial class SqliteBlockStore : IRunBlockStore, IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate;
    private readonly SharedInitialization _initialization;

    public SqliteBlockStore(SqliteResultStoreOptions options, ILogger<SqliteBlockStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteResultStoreOptionsValidator.ThrowIfInvalid(options);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        DatabasePath = Path.GetFullPath(options.DataSource!);
        _writeGate = FileWriteGates.For(DatabasePath);
        var busyMs = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        _pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyMs}; PRAGMA synchronous = NORMAL;");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyMs / 1000.0),
            // differs from the grain storage's connection string, so the two never share pooled connections and pragmas
            ForeignKeys = false,
        }.ToString();
        _initialization = new SharedInitialization(InitializeCoreAsync);
    }

    public string DatabasePath { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _initialization.EnsureAsync(cancellationToken);

    public async Task PutAsync(string runId, IReadOnlyList<RunBlock> blocks, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(blocks);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO run_blocks (run_id, block, part, data) VALUES (@run, @block, @part, @data) ON CONFLICT (run_id, block, part) DO UPDATE SET data = excluded.data;";
            command.Parameters.Add("@run", SqliteType.Text).Value = runId;
            var block = command.Parameters.Add("@block", SqliteType.Integer);
            var part = command.Parameters.Add("@part", SqliteType.Text);
            var data = command.Parameters.Add("@data", SqliteType.Blob);
            command.Prepare();
            foreach (var b in blocks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                block.Value = b.Block;
                part.Value = b.Part;
                data.Value = b.Data.ToArray();
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<byte[]?> GetAsync(string runId, int block, string part, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM run_blocks WHERE run_id = @run AND block = @block AND part = @part;";
        command.Parameters.Add("@run", SqliteType.Text).Value = runId;
        command.Parameters.Add("@block", SqliteType.Integer).Value = block;
        command.Parameters.Add("@part", SqliteType.Text).Value = part;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return reader.Read() ? reader.GetFieldValue<byte[]>(0) : null;
    }

    public async Task<IReadOnlyList<RunBlockKey>> ListAsync(string runId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT block, part FROM run_blocks WHERE run_id = @run;";
        command.Parameters.Add("@run", SqliteType.Text).Value = runId;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<RunBlockKey>();
        while (reader.Read())
        {
            keys.Add(new RunBlockKey(reader.GetInt32(0), reader.GetString(1)));
        }

        return keys;
    }

    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM run_blocks WHERE run_id = @run;";
            command.Parameters.Add("@run", SqliteType.Text).Value = runId;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Closes the store's idle pooled connections, releasing the file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        LegacySqliteResults.Check(DatabasePath);

        // the schema is written too: it waits for another store's write on the file like any writer
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using var command = connection.CreateCommand();

            // 64 KiB pages: a value block is hundreds of KiB, so fewer, larger pages per blob
            command.CommandText = """
                PRAGMA page_size = 65536; PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS run_blocks (
                    run_id TEXT    NOT NULL COLLATE BINARY,
                    block  INTEGER NOT NULL,
                    part   TEXT    NOT NULL COLLATE BINARY,
                    data   BLOB    NOT NULL,
                    PRIMARY KEY (run_id, block, part)
                ) WITHOUT ROWID;
                """;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }

        LogInitialized(_logger, DatabasePath, stopwatch.Elapsed.TotalMilliseconds);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite result store ready: file {DatabasePath}, initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, string databasePath, double elapsedMilliseconds);
}
