using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using XiP.Abstractions.Results;

namespace XiP.Results.Postgres;

/// <summary>
/// <see cref="IResultStore"/> of a cluster: results in one PostgreSQL table, <c>run_results</c>, keyed by
/// (run id, trade id, measure), shared by every silo.
/// </summary>
/// <remarks>
/// <para>
/// The key and filter columns are <c>text COLLATE "C"</c>: ordering and the keyset comparison follow the
/// UTF-8 bytes, which is Unicode code point order, exactly as the SQLite store's BINARY collation. Values
/// are a <c>bytea</c> of little-endian doubles (<see cref="ValueBlob"/>): bit-exact, NaN payloads, ±∞ and
/// −0 included, and an empty array stays distinct from no values (NULL). PostgreSQL text cannot hold NUL,
/// so ids and measures containing U+0000 are refused by the server.
/// </para>
/// <para>
/// <see cref="UpsertAsync"/> sends a call's records as one <c>INSERT … SELECT FROM unnest(arrays) ON
/// CONFLICT DO UPDATE</c>: one statement, one round trip, atomic. A key given twice within a call keeps
/// the later record (removed here, as PostgreSQL refuses to update one row twice in a statement), and the
/// rows go in key order, so concurrent batches that share keys lock them in the same order and cannot deadlock.
/// </para>
/// <para>
/// <see cref="ReadAsync"/> pages with a keyset cursor in (trade id, measure) order (the cursor has the
/// SQLite store's format). Each filter combination has an index whose order is the page order, so every
/// page is an index range scan with no sort, and page n costs what page 1 does.
/// </para>
/// <para>Thread-safe; connections come from an <see cref="NpgsqlDataSource"/> pool per store.</para>
/// </remarks>
[DebuggerDisplay("PostgresResultStore:{_dataSource.ConnectionString}")]
public sealed partial class PostgresResultStore : IResultStore, IAsyncDisposable, IDisposable
{
    /// <summary>The largest page <see cref="ReadAsync"/> returns; larger limits are clamped to it.</summary>
    public const int MaxPageSize = 10_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    private readonly SharedInitialization _initialization;
    private volatile bool _disposed;

    /// <summary>Creates the store; the database is not touched until <see cref="InitializeAsync"/> or the first operation.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The connection string is missing or malformed.</exception>
    public PostgresResultStore(PostgresResultStoreOptions options, ILogger<PostgresResultStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresResultStoreOptionsValidator.ThrowIfInvalid(options);
        _initialization = new SharedInitialization(InitializeCoreAsync);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString!);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Creates the table and its indexes if they are missing. Idempotent, also across processes (silos
    /// starting together serialize on an advisory lock), and shared: concurrent callers await one attempt,
    /// and a failed attempt is retried by the next caller. Every operation awaits it.
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

        var rows = InKeyOrder(records);
        var runIds = new string[rows.Count];
        var tradeIds = new string[rows.Count];
        var measures = new string[rows.Count];
        var books = new string[rows.Count];
        var versions = new int[rows.Count];
        var values = new byte[]?[rows.Count];
        var errors = new string?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var record = rows[i];
            runIds[i] = record.RunId;
            tradeIds[i] = record.TradeId;
            measures[i] = record.Measure;
            books[i] = record.Book;
            versions[i] = record.TradeVersion;
            values[i] = record.Values is null ? null : ValueBlob.Encode(record.Values);
            errors[i] = record.Error;
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(Sql.Upsert);
        command.Parameters.Add(new NpgsqlParameter<string[]>("run_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = runIds });
        command.Parameters.Add(new NpgsqlParameter<string[]>("trade_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = tradeIds });
        command.Parameters.Add(new NpgsqlParameter<string[]>("measures", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = measures });
        command.Parameters.Add(new NpgsqlParameter<string[]>("books", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = books });
        command.Parameters.Add(new NpgsqlParameter<int[]>("versions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = versions });
        command.Parameters.Add(new NpgsqlParameter<byte[]?[]>("vals", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = values });
        command.Parameters.Add(new NpgsqlParameter<string?[]>("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = errors });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <see cref="ResultQuery.Limit"/> is clamped to 1..<see cref="MaxPageSize"/>. A null
    /// <see cref="ResultQuery.Measure"/> or <see cref="ResultQuery.Book"/> does not filter; any other value,
    /// the empty string included, must match exactly (ordinal). <see cref="ResultPage.NextCursor"/> is null
    /// exactly when no record follows the page. Pages are not a snapshot: records written behind the cursor
    /// while a client pages are not seen, records written ahead of it are; none is returned twice.
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
            // With the measure fixed, (trade, measure) > (t, m) is trade > t, or trade >= t when measure > m,
            // a bound on the measure index's last column.
            : ResultCursor.CompareUtf8(query.Measure, after.Value.Measure) > 0 ? CursorBound.TradeFrom
            : CursorBound.TradeAfter;

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(Sql.Select(query.Measure is not null, query.Book is not null, bound));
        command.Parameters.Add(new NpgsqlParameter<string>("run_id", NpgsqlDbType.Text) { TypedValue = query.RunId });
        if (query.Measure is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("measure", NpgsqlDbType.Text) { TypedValue = query.Measure });
        }

        if (query.Book is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("book", NpgsqlDbType.Text) { TypedValue = query.Book });
        }

        if (after is { } position)
        {
            command.Parameters.Add(new NpgsqlParameter<string>("after_trade", NpgsqlDbType.Text) { TypedValue = position.TradeId });
            if (bound == CursorBound.RowValue)
            {
                command.Parameters.Add(new NpgsqlParameter<string>("after_measure", NpgsqlDbType.Text) { TypedValue = position.Measure });
            }
        }

        // One row more than the page tells whether another page follows.
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit + 1 });

        var items = new List<ResultRecord>(Math.Min(limit, 1024));
        var more = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

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
        await using var command = _dataSource.CreateCommand(Sql.Count);
        command.Parameters.Add(new NpgsqlParameter<string>("run_id", NpgsqlDbType.Text) { TypedValue = runId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(Sql.DeleteRun);
        command.Parameters.Add(new NpgsqlParameter<string>("run_id", NpgsqlDbType.Text) { TypedValue = runId });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose()
    {
        _disposed = true;
        _dataSource.Dispose();
    }

    /// <summary>The last record given for each key, in ordinal key order.</summary>
    private static List<ResultRecord> InKeyOrder(IReadOnlyList<ResultRecord> records)
    {
        var latest = new Dictionary<(string RunId, string TradeId, string Measure), ResultRecord>(records.Count);
        foreach (var record in records)
        {
            latest[(record.RunId, record.TradeId, record.Measure)] = record;
        }

        var rows = latest.Values.ToList();
        rows.Sort(static (a, b) =>
        {
            var order = string.CompareOrdinal(a.RunId, b.RunId);
            order = order != 0 ? order : string.CompareOrdinal(a.TradeId, b.TradeId);
            return order != 0 ? order : string.CompareOrdinal(a.Measure, b.Measure);
        });
        return rows;
    }

    private async Task InitializeCoreAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (var command = new NpgsqlCommand(Sql.CreateSchema, connection, transaction))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            LogInitialized(_logger, connection.Host, connection.Database, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception exception)
        {
            LogInitializationFailed(_logger, exception);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL result store ready: host {Host}, database {Database}, initialized in {ElapsedMilliseconds:0.0} ms.")]
    private static partial void LogInitialized(ILogger logger, string? host, string database, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "PostgreSQL result store failed to create its table.")]
    private static partial void LogInitializationFailed(ILogger logger, Exception exception);

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
        // The advisory lock makes concurrent first starts of several silos take turns: CREATE ... IF NOT EXISTS
        // alone can still fail when two sessions create the same table at once. The book index carries the
        // measure so that it serves the book filter in page order; the primary key serves the unfiltered read.
        public const string CreateSchema = """
            SELECT pg_advisory_xact_lock(7873426137548191744);
            CREATE TABLE IF NOT EXISTS run_results (
                run_id        text    COLLATE "C" NOT NULL,
                trade_id      text    COLLATE "C" NOT NULL,
                measure       text    COLLATE "C" NOT NULL,
                book          text    COLLATE "C" NOT NULL,
                trade_version integer NOT NULL,
                vals          bytea   NULL,
                error         text    NULL,
                CONSTRAINT pk_run_results PRIMARY KEY (run_id, trade_id, measure)
            );
            CREATE INDEX IF NOT EXISTS ix_run_results_measure ON run_results (run_id, measure, trade_id);
            CREATE INDEX IF NOT EXISTS ix_run_results_book ON run_results (run_id, book, trade_id, measure);
            SELECT run_id, trade_id, measure, book, trade_version, vals, error FROM run_results LIMIT 0;
            """;

        public const string Upsert = """
            INSERT INTO run_results (run_id, trade_id, measure, book, trade_version, vals, error)
            SELECT * FROM unnest(@run_ids, @trade_ids, @measures, @books, @versions, @vals, @errors)
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
            return $"SELECT trade_id, measure, book, trade_version, vals, error FROM run_results WHERE run_id = @run_id{filters} ORDER BY trade_id, measure LIMIT @limit;";
        }
    }
}
