using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using XiP.Pricing.Columnar;
using XiP.Results;

namespace XiP.Trades;

/// <summary>
/// <see cref="ITradeStore"/> of embedded mode on one SQLite file (one service's trades): <c>trade_segments</c>
/// (columnar blobs, each with when it was stored and, per row, where that trade's previous version is) and
/// <c>trade_heads</c> (each trade's current version, book and place, indexed by book). An upload holds one
/// <c>BEGIN IMMEDIATE</c> transaction from its first chunk to its commit; uploads of every store of this process on the
/// file take turns on its async gate (<see cref="FileWriteGates"/>), so a waiting upload queues without holding a thread
/// instead of sleeping in SQLite's busy handler or failing on SQLite's lock.
/// </summary>
/// <remarks>
/// An older version is found by following the chain of previous places back from the head, one segment per
/// version: versions are few, and storing one head row per trade (instead of a head and a version row) halves what
/// an upload writes. WAL with <c>synchronous = NORMAL</c>: a committed upload survives a crash of the process.
/// </remarks>
public sealed class SqliteTradeStore : ITradeStore, IDisposable
{
    private const int PreviousBytes = sizeof(long) + sizeof(int);
    private readonly string _connectionString;
    private readonly SemaphoreSlim _uploads;
    private readonly SharedInitialization _setup;
    private readonly SegmentCache<StoredSegment> _segments = new();

    public SqliteTradeStore(string databasePath, string serviceId)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        ServiceId = serviceId;
        _uploads = FileWriteGates.For(DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _setup = new SharedInitialization(InitializeCoreAsync);
    }

    public string DatabasePath { get; }

    /// <summary>The service the file's trades belong to; a file of another service is refused at start.</summary>
    public string ServiceId { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _setup.EnsureAsync(cancellationToken);

    public async Task<ITradeUpload> BeginUploadAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _uploads.WaitAsync(cancellationToken).ConfigureAwait(false);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var transaction = connection.BeginTransaction(deferred: false);
            using var command = Command(connection, transaction, "INSERT INTO trade_uploads DEFAULT VALUES; SELECT last_insert_rowid();");
            var upload = (long)command.ExecuteScalar()!;
            return new Upload(this, connection, transaction, upload);
        }
        catch
        {
            connection?.Dispose();
            _uploads.Release();
            throw;
        }
    }

    public async Task<StoredTrade?> GetAsync(string tradeId, int? version, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var head = ReadHeads(connection, null, [tradeId]).GetValueOrDefault(tradeId);
        if (head is null || version is < 1 || version > head.Version)
        {
            return null;
        }

        // back from the current version along each row's link to the one before
        var (segment, row) = (head.Segment, head.Row);
        for (var at = head.Version; at > (version ?? head.Version); at--)
        {
            (segment, row) = (await SegmentAsync(connection, segment).ConfigureAwait(false)).Previous(row);
        }

        var stored = await SegmentAsync(connection, segment).ConfigureAwait(false);
        return new StoredTrade(stored.Table.Slice(row, 1), version ?? head.Version, stored.StoredAt, head.Version);
    }

    public async Task<TradeTable> LoadBookAsync(string book, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, "SELECT version, segment_id, row FROM trade_heads WHERE book = @book ORDER BY trade_id");
        command.Parameters.AddWithValue("@book", book);
        var rows = new List<(int Version, long Segment, int Row)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
        }

        return await GatherAsync(connection, rows).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BookCount>> ListBooksAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, "SELECT book, COUNT(*) FROM trade_heads WHERE book > @after GROUP BY book ORDER BY book LIMIT @limit");
        command.Parameters.AddWithValue("@after", after ?? string.Empty);
        command.Parameters.AddWithValue("@limit", limit);
        var books = new List<BookCount>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            books.Add(new BookCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return books;
    }

    public async Task<(TradeTable Trades, IReadOnlyList<int> Missing)> LoadTradesAsync(IReadOnlyList<string> tradeIds, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var heads = ReadHeads(connection, null, tradeIds);
        var (rows, missing) = TradeHead.Places(heads, tradeIds);

        return (missing.Count > 0 ? TradeTable.Empty : await GatherAsync(connection, rows).ConfigureAwait(false), missing);
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async Task<TradeTable> GatherAsync(SqliteConnection connection, List<(int Version, long Segment, int Row)> rows)
    {
        var builder = new TradeTableBuilder(rows.Count);
        foreach (var (version, segment, row) in rows)
        {
            builder.AddRow((await SegmentAsync(connection, segment).ConfigureAwait(false)).Table, row, version);
        }

        return builder.Build();
    }

    private Task<StoredSegment> SegmentAsync(SqliteConnection connection, long segment) => _segments.GetAsync(segment, id =>
    {
        using var command = Command(connection, null, "SELECT data, stored_at, previous FROM trade_segments WHERE segment_id = @segment");
        command.Parameters.AddWithValue("@segment", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidDataException($"Trade segment {id} is missing.");
        }

        return Task.FromResult(new StoredSegment(
            TradeTableCodec.Decode(reader.GetFieldValue<byte[]>(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetFieldValue<byte[]>(2)));
    });

    private static Dictionary<string, TradeHead> ReadHeads(SqliteConnection connection, SqliteTransaction? transaction, IReadOnlyList<string> ids)
    {
        using var command = Command(connection, transaction, """
            SELECT trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line
            FROM trade_heads WHERE trade_id IN (SELECT value FROM json_each(@ids))
            """);
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
        var heads = new Dictionary<string, TradeHead>(ids.Count, StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var head = new TradeHead(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4),
                reader.GetInt32(5), reader.GetInt64(6), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetInt32(8));
            heads[head.TradeId] = head;
        }

        return heads;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private async Task InitializeCoreAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);

        // the schema is written too: another store's upload in progress on the file goes first
        await _uploads.WaitAsync().ConfigureAwait(false);
        try
        {
            await InitializeSchemaAsync().ConfigureAwait(false);
        }
        finally
        {
            _uploads.Release();
        }
    }

    private async Task InitializeSchemaAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        using (var command = Command(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS trade_store (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO trade_store (key, value) VALUES ('service', @service) ON CONFLICT (key) DO NOTHING;
            CREATE TABLE IF NOT EXISTS trade_uploads (upload INTEGER PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS trade_segments (segment_id INTEGER PRIMARY KEY, stored_at INTEGER NOT NULL, data BLOB NOT NULL, previous BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS trade_heads (
                trade_id        TEXT    NOT NULL COLLATE BINARY PRIMARY KEY,
                version         INTEGER NOT NULL,
                book            TEXT    NOT NULL COLLATE BINARY,
                hash            BLOB    NOT NULL,
                segment_id      INTEGER NOT NULL,
                row             INTEGER NOT NULL,
                upload          INTEGER NOT NULL,
                upload_position INTEGER NOT NULL,
                upload_line     INTEGER NULL
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_trade_heads_book ON trade_heads (book, trade_id);
            """))
        {
            command.Parameters.AddWithValue("@service", ServiceId);
            command.ExecuteNonQuery();
        }

        using (var command = Command(connection, null, "SELECT value FROM trade_store WHERE key = 'service'"))
        {
            var owner = (string)command.ExecuteScalar()!;
            if (!string.Equals(owner, ServiceId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The trade store {DatabasePath} holds the trades of service '{owner}', not of '{ServiceId}' (XiP:ServiceId); give each service a data directory of its own.");
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536;");
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>A stored segment: its trades, when they were stored, and where each trade's previous version is.</summary>
    private sealed record StoredSegment(TradeTable Table, DateTimeOffset StoredAt, byte[] PreviousPlaces)
    {
        public (long Segment, int Row) Previous(int row)
        {
            var at = PreviousPlaces.AsSpan(row * PreviousBytes, PreviousBytes);
            var segment = BinaryPrimitives.ReadInt64LittleEndian(at);
            return segment < 0
                ? throw new InvalidDataException($"A stored trade's version chain ends before its first version.")
                : (segment, BinaryPrimitives.ReadInt32LittleEndian(at[sizeof(long)..]));
        }
    }

    private sealed class Upload(SqliteTradeStore store, SqliteConnection connection, SqliteTransaction transaction, long upload) : ITradeUpload
    {
        private readonly HashSet<string> _books = new(StringComparer.Ordinal);
        private int _stored, _created, _changed;
        private bool _done;

        public Task<IReadOnlyList<UploadRepeat>> AddAsync(TradeTable trades, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, DateTimeOffset storedAt, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var heads = ReadHeads(connection, transaction, trades.Ids);
            var plan = ChunkPlan.Make(trades, positions, lines, heads, upload);
            if (plan.Repeats.Count > 0)
            {
                return Task.FromResult<IReadOnlyList<UploadRepeat>>(plan.Repeats);
            }

            if (plan.Segment.Count > 0)
            {
                var previous = new byte[plan.Segment.Count * PreviousBytes];
                for (var row = 0; row < plan.Segment.Count; row++)
                {
                    var at = previous.AsSpan(row * PreviousBytes);
                    var before = heads.GetValueOrDefault(plan.Segment.Ids[row]);
                    BinaryPrimitives.WriteInt64LittleEndian(at, before?.Segment ?? -1);
                    BinaryPrimitives.WriteInt32LittleEndian(at[sizeof(long)..], before?.Row ?? -1);
                }

                long segment;
                using (var insert = Command(connection, transaction, "INSERT INTO trade_segments (stored_at, data, previous) VALUES (@at, @data, @previous); SELECT last_insert_rowid();"))
                {
                    insert.Parameters.AddWithValue("@at", storedAt.ToUnixTimeMilliseconds());
                    insert.Parameters.AddWithValue("@data", TradeTableCodec.Encode(plan.Segment));
                    insert.Parameters.AddWithValue("@previous", previous);
                    segment = (long)insert.ExecuteScalar()!;
                }

                using var head = Command(connection, transaction, """
                    INSERT INTO trade_heads (trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line)
                    VALUES (@id, @version, @book, @hash, @segment, @row, @upload, @position, @line)
                    ON CONFLICT (trade_id) DO UPDATE SET version = excluded.version, book = excluded.book, hash = excluded.hash, segment_id = excluded.segment_id,
                        row = excluded.row, upload = excluded.upload, upload_position = excluded.upload_position, upload_line = excluded.upload_line
                    """);
                var id = head.Parameters.Add("@id", SqliteType.Text);
                var version = head.Parameters.Add("@version", SqliteType.Integer);
                var book = head.Parameters.Add("@book", SqliteType.Text);
                var hash = head.Parameters.Add("@hash", SqliteType.Blob);
                head.Parameters.AddWithValue("@segment", segment);
                var rowParameter = head.Parameters.Add("@row", SqliteType.Integer);
                head.Parameters.AddWithValue("@upload", upload);
                var position = head.Parameters.Add("@position", SqliteType.Integer);
                var line = head.Parameters.Add("@line", SqliteType.Integer);
                head.Prepare();
                for (var row = 0; row < plan.Segment.Count; row++)
                {
                    var source = plan.SegmentSource[row];
                    id.Value = plan.Segment.Ids[row];
                    version.Value = plan.Segment.Versions[row];
                    book.Value = plan.Segment.BookOf(row);
                    hash.Value = plan.Hashes[source];
                    rowParameter.Value = row;
                    position.Value = positions[source];
                    line.Value = lines?[source] is { } l ? l : DBNull.Value;
                    head.ExecuteNonQuery();
                }
            }

            if (plan.Unchanged.Count > 0)
            {
                using var touch = Command(connection, transaction, "UPDATE trade_heads SET upload = @upload, upload_position = @position, upload_line = @line WHERE trade_id = @id");
                touch.Parameters.AddWithValue("@upload", upload);
                var id = touch.Parameters.Add("@id", SqliteType.Text);
                var position = touch.Parameters.Add("@position", SqliteType.Integer);
                var line = touch.Parameters.Add("@line", SqliteType.Integer);
                touch.Prepare();
                foreach (var i in plan.Unchanged)
                {
                    id.Value = trades.Ids[i];
                    position.Value = positions[i];
                    line.Value = lines?[i] is { } l ? l : DBNull.Value;
                    touch.ExecuteNonQuery();
                }
            }

            _stored += trades.Count;
            _created += plan.Created;
            _changed += plan.Changed;
            _books.UnionWith(plan.Books);
            return Task.FromResult<IReadOnlyList<UploadRepeat>>([]);
        }

        public Task<UploadOutcome> CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            transaction.Commit();
            Finish();
            return Task.FromResult(new UploadOutcome(_stored, _created, _changed, [.. _books.Order(StringComparer.Ordinal)]));
        }

        public ValueTask DisposeAsync()
        {
            if (!_done)
            {
                // not committed: nothing of it is kept
                transaction.Rollback();
                Finish();
            }

            return ValueTask.CompletedTask;
        }

        private void Finish()
        {
            _done = true;
            transaction.Dispose();
            connection.Dispose();
            store._uploads.Release();
        }
    }
}
