using System.Data;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XiP.Abstractions.Results;

namespace XiP.Results.Sqlite;

/// <summary>
/// <see cref="IResultStore"/> of embedded mode: results in one SQLite table, <c>run_results</c>, keyed by
/// (run id, trade id, measure).
/// </summary>
/// <remarks>
/// <para>
/// The table is <c>WITHOUT ROWID</c>, so rows are stored in primary-key order and a run's results are
/// contiguous; two secondary indexes, (run id, measure, trade id) and (run id, book, trade id), serve the
/// filters. Values are a blob of little-endian doubles (<see cref="ValueBlob"/>): bit-exact, NaN, ±∞ and
/// −0 included, and an empty array stays distinct from no values.
/// </para>
/// <para>
/// <see cref="UpsertAsync"/> writes a call's records in one <c>BEGIN IMMEDIATE</c> transaction with one
/// prepared <c>INSERT … ON CONFLICT DO UPDATE</c>, so a batch lands entirely or not at all, and a retried
/// batch overwrites its records instead of adding rows. Within a call, a key given twice keeps the later record.
/// </para>
/// <para>
/// <see cref="ReadAsync"/> pages with a keyset cursor in (trade id, measure) order under SQLite's BINARY
/// collation, that is by the UTF-8 bytes, which is Unicode code point order. (This equals
/// <see cref="string.CompareOrdinal(string, string)"/> except where characters beyond U+FFFF meet
/// U+E000–U+FFFF.) Every page is an index range seek, so reading page n costs the same as page 1. Pages
/// are not a snapshot: records written behind the cursor while a client pages are not seen, records
/// written ahead of it are; none is returned twice.
/// </para>
/// <para>
/// Thread-safe. Every operation opens its own connection from Microsoft.Data.Sqlite's pool (see
/// <see cref="OpenConnectionAsync"/>). Writers of this instance queue on an async gate instead of
/// polling SQLite's lock; readers never wait for writers under WAL.
/// </para>
/// <para>
/// Durability: WAL with <c>synchronous = NORMAL</c>, so a committed batch survives a crash of the process
/// but the last batches may be lost to a power failure. Checkpoints (copying the WAL back into the file)
/// run on a background task after each write rather than inside a commit; the WAL is kept near
/// <see cref="SqliteResultStoreOptions.WalSizeLimit"/> (see <see cref="RequestCheckpoint"/>).
/// </para>
/// </remarks>
[DebuggerDisplay("SqliteResultStore:{DatabasePath}")]
public sealed partial class SqliteResultStore : IResultStore, IDisposable
{
    /// <summary>The largest page <see cref="ReadAsync"/> returns; larger limits are clamped to it.</summary>
    public const int MaxPageSize = 10_000;

    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly ILogger _logger;

    // One writer at a time within this instance. SQLite allows one writer per file anyway; waiting here is a
    // fair async queue, whereas a writer that finds the file locked sleeps in SQLite's busy handler with
    // growing back-off (up to 100 ms a try) and blocks its thread meanwhile.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly long _walSizeLimit;
    private readonly string _walPath;

    private readonly SharedInitialization _initialization;
    private volatile bool _disposed;

    // Background checkpoints (see RequestCheckpoint): a request flag, whether the loop runs, and the loop.
    private int _checkpointRequested;
    private int _checkpointRunning;
    private Task _checkpointLoop = Task.CompletedTask;

    /// <summary>Creates the store; the database is not touched until <see cref="InitializeAsync"/> or the first operation.</summary>
    /// <param name="options">The options; <see cref="SqliteResultStoreOptions.DataSource"/> is required.</param>
    /// <param name="logger">The logger, or none.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid; the message names the option.</exception>
    public SqliteResultStore(SqliteResultStoreOptions options, ILogger<SqliteResultStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteResultStoreOptionsValidator.ThrowIfInvalid(options);
        _initialization = new SharedInitialization(InitializeCoreAsync);

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _databasePath = Path.GetFullPath(options.DataSource!);
        _walPath = _databasePath + "-wal";
        var busyTimeoutMs = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
        _walSizeLimit = options.WalSizeLimit;

        // All per connection. synchronous = NORMAL under WAL: a commit survives a process crash; only an OS crash
        // or power loss can take the last commits back, and FULL would fsync every batch. wal_autocheckpoint = 0:
        // commits never checkpoint on the writer's thread (see RequestCheckpoint). journal_size_limit trims the
        // WAL file back to WalSizeLimit whenever the WAL starts over.
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {busyTimeoutMs}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {_walSizeLimit};");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Shared cache is discouraged with WAL and would add table-level locking on top of the file lock.
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY on its own up to the command timeout (whole seconds);
            // keep it at least as long as the native busy_timeout.
            DefaultTimeout = (int)Math.Ceiling(busyTimeoutMs / 1000.0),
            // The default (off) spelled out, which makes this connection string, and so the connection pool,
            // differ from the grain storage's on a shared file: the per-connection pragmas above
            // (wal_autocheckpoint = 0 in particular) never reach a connection another component draws.
            ForeignKeys = false,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath => _databasePath;

    /// <inheritdoc />
    /// <remarks>
    /// Creates the parent directory, the database file, the table and its indexes if they are missing and
    /// switches the file to WAL. Idempotent and shared: concurrent callers await one attempt, and a failed
    /// attempt is retried by the next caller. Every operation awaits it, so calling it is optional.
    /// </remarks>
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        return _initialization.EnsureAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">
    /// A record is null, has a null or empty run id, trade id or measure, or a null book; nothing was written.
    /// </exception>
    public async Task UpsertAsync(IReadOnlyList<ResultRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            ResultRecordChecks.Validate(records[i], i, nameof(records));
        }

        if (records.Count == 0)
        {
            return;
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await LimitWalAsync(connection, cancellationToken).ConfigureAwait(false);

            // BEGIN IMMEDIATE takes the write lock up front (waiting up to BusyTimeout for another process).
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Sql.Upsert;
            var runId = command.Parameters.Add("@run_id", SqliteType.Text);
            var tradeId = command.Parameters.Add("@trade_id", SqliteType.Text);
            var measure = command.Parameters.Add("@measure", SqliteType.Text);
            var book = command.Parameters.Add("@book", SqliteType.Text);
            var tradeVersion = command.Parameters.Add("@trade_version", SqliteType.Integer);
            var values = command.Parameters.Add("@vals", SqliteType.Blob);
            var error = command.Parameters.Add("@error", SqliteType.Text);
            command.Prepare();

            // Microsoft.Data.Sqlite has no asynchronous I/O (its *Async methods complete synchronously), so the
            // rows go through the synchronous API without a Task per row.
            foreach (var record in records)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runId.Value = record.RunId;
                tradeId.Value = record.TradeId;
                measure.Value = record.Measure;
                book.Value = record.Book;
                tradeVersion.Value = record.TradeVersion;
                values.Value = record.Values is null ? DBNull.Value : ValueBlob.Encode(record.Values);
                error.Value = record.Error is null ? DBNull.Value : record.Error;
                command.ExecuteNonQuery();
            }

            // Not cancellable past this point: a commit either happens or the batch is rolled back on dispose.
            transaction.Commit();
        }
        finally
        {
            _writeGate.Release();
        }

        RequestCheckpoint();
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="ResultQuery.Limit"/> is clamped to 1..<see cref="MaxPageSize"/>. A null
    /// <see cref="ResultQuery.Measure"/> or <see cref="ResultQuery.Book"/> does not filter; any other value,
    /// the empty string included, must match exactly (ordinal). <see cref="ResultPage.NextCursor"/> is null
    /// exactly when no record follows the page.
    /// </remarks>
    /// <exception cref="ArgumentException">The run id is null or empty, or the cursor is malformed.</exception>
    public async Task<ResultPage> ReadAsync(ResultQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.RunId, $"{nameof(query)}.{nameof(query.RunId)}");
        var after = query.Cursor is null ? ((string TradeId, string Measure)?)null : ResultCursor.Decode(query.Cursor, $"{nameof(query)}.{nameof(query.Cursor)}");
        var limit = Math.Clamp(query.Limit, 1, MaxPageSize);

        var bound = after is null ? CursorBound.None
            : query.Measure is null ? CursorBound.RowValue
            // With the measure fixed, (trade, measure) > (t, m) is trade > t, or trade >= t when measure > m.
            : ResultCursor.CompareUtf8(query.Measure, after.Value.Measure) > 0 ? CursorBound.TradeFrom
            : CursorBound.TradeAfter;

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql.Select(query.Measure is not null, query.Book is not null, bound);
        command.Parameters.Add("@run_id", SqliteType.Text).Value = query.RunId;
        if (query.Measure is not null)
        {
            command.Parameters.Add("@measure", SqliteType.Text).Value = query.Measure;
        }

        if (query.Book is not null)
        {
            command.Parameters.Add("@book", SqliteType.Text).Value = query.Book;
        }

        if (after is { } position)
        {
            command.Parameters.Add("@after_trade", SqliteType.Text).Value = position.TradeId;
            if (bound == CursorBound.RowValue)
            {
                command.Parameters.Add("@after_measure", SqliteType.Text).Value = position.Measure;
            }
        }

        // One row more than the page tells whether another page follows.
        command.Parameters.Add("@limit", SqliteType.Integer).Value = limit + 1;

        var items = new List<ResultRecord>(Math.Min(limit, 1024));
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.Read())
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                items.Add(new ResultRecord(
                    query.RunId,
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : ValueBlob.Decode(reader.GetFieldValue<byte[]>(4)),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        var last = items.Count > 0 ? items[^1] : null;
        return new ResultPage(items, more && last is not null ? ResultCursor.Encode(last.TradeId, last.Measure) : null);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql.Count;
        command.Parameters.Add("@run_id", SqliteType.Text).Value = runId;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    /// <remarks>One transaction: a large run holds the write lock for as long as the delete takes.</remarks>
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await LimitWalAsync(connection, cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Sql.DeleteRun;
            command.Parameters.Add("@run_id", SqliteType.Text).Value = runId;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }

        RequestCheckpoint();
    }

    /// <summary>
    /// Marks the store as disposed and closes its idle pooled connections, releasing the database file.
    /// Other stores on the same file simply reopen on their next operation.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // The loop stops after the checkpoint in progress; closing the last connection checkpoints the rest.
        try
        {
            Volatile.Read(ref _checkpointLoop).Wait();
        }
        catch (AggregateException)
        {
            // Already logged by the loop.
        }

        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var directory = Path.GetDirectoryName(_databasePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = await OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);

            // 16 KiB pages for a new file: a record is about 0.9 KiB, so a 4 KiB page holds four and splits every
            // few inserts; larger pages mean fewer splits and fewer, larger writes per record. Ignored by a file
            // that already has tables. journal_mode=WAL is stored in the file, so it applies to every later
            // connection from any process; it must come after page_size, which WAL mode freezes.
            string? journalMode;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;";
                journalMode = Convert.ToString(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
            }

            if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                // Correctness does not depend on WAL; only reader/writer concurrency suffers.
                LogWalUnavailable(_logger, _databasePath, journalMode);
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = Sql.CreateSchema;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            // Fails fast when a table of that name already exists with another shape.
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = Sql.ProbeColumns;
                await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            }

            LogInitialized(_logger, _databasePath, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            LogInitializationFailed(_logger, exception, _databasePath);
            throw;
        }
    }

    // Checkpoints. SQLite's automatic checkpoint runs inside the commit that takes the WAL past 1000 pages, on
    // the committing thread, and blocks it on two fsyncs (measured on a 2-core VM: about a quarter more upsert
    // throughput with checkpoints off the writer's thread, twice as much with no fsync at all). Here commits never checkpoint (wal_autocheckpoint = 0); after each commit a background
    // loop runs a PASSIVE checkpoint, which waits for no reader or writer, while the next batch is written.
    // A WAL starts over only when a write begins with every frame already copied back, which a checkpoint
    // running beside a steady stream of batches never achieves; so once the WAL passes WalSizeLimit, the next
    // writer, holding the write gate, first runs a FULL checkpoint itself (see LimitWalAsync).
    private void RequestCheckpoint()
    {
        Volatile.Write(ref _checkpointRequested, 1);
        if (!_disposed && Interlocked.CompareExchange(ref _checkpointRunning, 1, 0) == 0)
        {
            Volatile.Write(ref _checkpointLoop, Task.Run(CheckpointLoop, CancellationToken.None));
        }
    }

    private void CheckpointLoop()
    {
        while (true)
        {
            while (!_disposed && Interlocked.Exchange(ref _checkpointRequested, 0) == 1)
            {
                try
                {
                    using var connection = new SqliteConnection(_connectionString);
                    connection.Open();
                    Checkpoint(connection, "PASSIVE");
                }
                catch (Exception exception)
                {
                    // Nothing is lost: the frames stay in the WAL for the next checkpoint.
                    LogCheckpointFailed(_logger, exception, _databasePath);
                }
            }

            Volatile.Write(ref _checkpointRunning, 0);

            // A request made after the inner loop ended but before the flag was cleared restarts the loop here.
            if (_disposed || Volatile.Read(ref _checkpointRequested) == 0 || Interlocked.CompareExchange(ref _checkpointRunning, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // Called by writers holding the write gate, so no write of this store runs meanwhile. The WAL file's length
    // tells the WAL's size: journal_size_limit truncates the file to WalSizeLimit whenever the WAL starts over,
    // so the file is longer than that only while the WAL is. Only one checkpoint may run at a time (another
    // fails at once, busy handler or not), so first let the background loop finish, which it does after at most
    // one more checkpoint now that no commits come. A FULL checkpoint then copies every frame back, waiting for
    // readers on older snapshots, and the transaction that follows starts the WAL over.
    private async Task LimitWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var wal = new FileInfo(_walPath);
        if (!wal.Exists || wal.Length <= _walSizeLimit)
        {
            return;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            await Volatile.Read(ref _checkpointLoop).WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Checkpoint(connection, "FULL"))
                {
                    return;
                }
            }
            catch (SqliteException exception)
            {
                // The write goes ahead: a longer WAL is better than a failed batch.
                LogCheckpointFailed(_logger, exception, _databasePath);
                return;
            }
        }
    }

    /// <summary>Runs a checkpoint; false when another checkpoint held the lock or a reader kept it from finishing.</summary>
    private static bool Checkpoint(SqliteConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();

        // One row: (busy, pages in the WAL, pages copied back).
        return reader.Read() && reader.GetInt64(0) == 0;
    }

    // Why one connection per operation: a SqliteConnection is not thread-safe, and grains and the gateway
    // call the store concurrently from many threads. Opening a connection per operation is cheap because
    // Microsoft.Data.Sqlite pools them (the native handle stays open), and it leaves write serialization
    // across processes to SQLite's file lock; a shared connection behind a lock would make reads queue
    // behind writes that WAL lets run in parallel, and a read's cursor would pin the connection.
    //
    // Microsoft.Data.Sqlite has no truly asynchronous I/O; its *Async methods complete synchronously, so an
    // upsert of a batch runs on the caller's thread-pool thread for the milliseconds it takes.
    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = _connectionPragmas;
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

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite result store failed to initialize database file {DatabasePath}.")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite result store could not checkpoint {DatabasePath}; the WAL keeps the data and the next checkpoint retries.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception, string databasePath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite result store could not enable WAL for {DatabasePath}; journal mode is '{JournalMode}'. Readers will wait for writers.")]
    private static partial void LogWalUnavailable(ILogger logger, string databasePath, string? journalMode);

    /// <summary>Where a page starts relative to the cursor's (trade, measure).</summary>
    internal enum CursorBound
    {
        /// <summary>First page.</summary>
        None,

        /// <summary>(trade_id, measure) &gt; (cursor trade, cursor measure).</summary>
        RowValue,

        /// <summary>trade_id &gt; cursor trade (measure filtered, and not after the cursor's measure).</summary>
        TradeAfter,

        /// <summary>trade_id &gt;= cursor trade (measure filtered, and after the cursor's measure).</summary>
        TradeFrom,
    }

    internal static class Sql
    {
        // Key columns are BINARY (the default, spelled out): ordering and the keyset comparison follow the
        // UTF-8 bytes. In a WITHOUT ROWID table every index also holds the primary key columns it lacks, so
        // ix_run_results_book is effectively (run_id, book, trade_id, measure) and serves the book filter in
        // page order.
        public const string CreateSchema = """
            CREATE TABLE IF NOT EXISTS run_results (
                run_id        TEXT    NOT NULL COLLATE BINARY,
                trade_id      TEXT    NOT NULL COLLATE BINARY,
                measure       TEXT    NOT NULL COLLATE BINARY,
                book          TEXT    NOT NULL COLLATE BINARY,
                trade_version INTEGER NOT NULL,
                vals          BLOB    NULL,
                error         TEXT    NULL,
                PRIMARY KEY (run_id, trade_id, measure)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_run_results_measure ON run_results (run_id, measure, trade_id);
            CREATE INDEX IF NOT EXISTS ix_run_results_book ON run_results (run_id, book, trade_id);
            """;

        public const string ProbeColumns = "SELECT run_id, trade_id, measure, book, trade_version, vals, error FROM run_results LIMIT 0;";

        public const string Upsert = """
            INSERT INTO run_results (run_id, trade_id, measure, book, trade_version, vals, error)
            VALUES (@run_id, @trade_id, @measure, @book, @trade_version, @vals, @error)
            ON CONFLICT (run_id, trade_id, measure) DO UPDATE SET
                book = excluded.book,
                trade_version = excluded.trade_version,
                vals = excluded.vals,
                error = excluded.error;
            """;

        public const string Count = "SELECT COUNT(*) FROM run_results WHERE run_id = @run_id;";

        public const string DeleteRun = "DELETE FROM run_results WHERE run_id = @run_id;";

        public static string Select(bool byMeasure, bool byBook, CursorBound bound)
        {
            var filters = (byMeasure ? " AND measure = @measure" : string.Empty)
                + (byBook ? " AND book = @book" : string.Empty)
                + bound switch
                {
                    CursorBound.None => string.Empty,
                    CursorBound.RowValue => " AND (trade_id, measure) > (@after_trade, @after_measure)",
                    CursorBound.TradeAfter => " AND trade_id > @after_trade",
                    CursorBound.TradeFrom => " AND trade_id >= @after_trade",
                    _ => throw new ArgumentOutOfRangeException(nameof(bound)),
                };
            var index = byBook ? " INDEXED BY ix_run_results_book" : byMeasure ? " INDEXED BY ix_run_results_measure" : string.Empty;
            return $"SELECT trade_id, measure, book, trade_version, vals, error FROM run_results{index} WHERE run_id = @run_id{filters} ORDER BY trade_id COLLATE BINARY, measure COLLATE BINARY LIMIT @limit;";
        }
    }
}
