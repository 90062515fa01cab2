using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using XiP.Pricing.Columnar;
using XiP.Results;

namespace XiP.Trades;

/// <summary>
/// <see cref="ITradeStore"/> of embedded mode on one SQLite file: <c>trade_segments</c> (columnar blobs),
/// <c>trade_versions</c> (trade, version → segment row) and <c>trade_heads</c> (each trade's current version and
/// book, indexed by book). An upload holds one <c>BEGIN IMMEDIATE</c> transaction from its first chunk to its commit;
/// uploads take turns on an async gate, so a waiting upload queues instead of failing on SQLite's lock.
/// </summary>
/// <remarks>WAL with <c>synchronous = NORMAL</c>: a committed upload survives a crash of the process.</remarks>
public sealed class SqliteTradeStore : ITradeStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _uploads = new(1, 1);
    private readonly SharedInitialization _setup;
    private readonly SegmentCache _segments = new();

    public SqliteTradeStore(string databasePath, string serviceId)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        ServiceId = serviceId;
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

    /// <summary>Trades are kept per service, as Orleans keeps grain state.</summary>
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
        using var command = Command(connection, null, """
            SELECT v.version, v.stored_at, v.segment_id, v.row, h.version
            FROM trade_heads h JOIN trade_versions v ON v.service = h.service AND v.trade_id = h.trade_id AND v.version = coalesce(@version, h.version)
            WHERE h.service = @service AND h.trade_id = @id
            """);
        command.Parameters.AddWithValue("@id", tradeId);
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@version", version is { } v ? v : DBNull.Value);
        long segment;
        int row, found, latest;
        long storedAt;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (found, storedAt, segment, row, latest) = (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4));
        }

        var table = await _segments.GetAsync(segment, s => LoadSegmentAsync(connection, s)).ConfigureAwait(false);
        return new StoredTrade(table.Slice(row, 1), found, DateTimeOffset.FromUnixTimeMilliseconds(storedAt), latest);
    }

    public async Task<TradeTable> LoadBookAsync(string book, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, "SELECT version, segment_id, row FROM trade_heads WHERE service = @service AND book = @book ORDER BY trade_id");
        command.Parameters.AddWithValue("@book", book);
        command.Parameters.AddWithValue("@service", ServiceId);
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

    public async Task<(TradeTable Trades, IReadOnlyList<int> Missing)> LoadTradesAsync(IReadOnlyList<string> tradeIds, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var heads = ReadHeads(connection, null, ServiceId, tradeIds);
        var missing = new List<int>();
        var rows = new List<(int Version, long Segment, int Row)>(tradeIds.Count);
        for (var i = 0; i < tradeIds.Count; i++)
        {
            if (heads.TryGetValue(tradeIds[i], out var head))
            {
                rows.Add((head.Version, head.Segment, head.Row));
            }
            else
            {
                missing.Add(i);
            }
        }

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
            var table = await _segments.GetAsync(segment, s => LoadSegmentAsync(connection, s)).ConfigureAwait(false);
            builder.AddRow(table, row, version);
        }

        return builder.Build();
    }

    private static Task<byte[]> LoadSegmentAsync(SqliteConnection connection, long segment)
    {
        using var command = Command(connection, null, "SELECT data FROM trade_segments WHERE segment_id = @segment");
        command.Parameters.AddWithValue("@segment", segment);
        return Task.FromResult(command.ExecuteScalar() as byte[] ?? throw new InvalidDataException($"Trade segment {segment} is missing."));
    }

    private static Dictionary<string, TradeHead> ReadHeads(SqliteConnection connection, SqliteTransaction? transaction, string service, IReadOnlyList<string> ids)
    {
        using var command = Command(connection, transaction, """
            SELECT trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line
            FROM trade_heads WHERE service = @service AND trade_id IN (SELECT value FROM json_each(@ids))
            """);
        command.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(ids));
        command.Parameters.AddWithValue("@service", service);
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
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        using var command = Command(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS trade_uploads (upload INTEGER PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS trade_segments (segment_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS trade_versions (
                service    TEXT    NOT NULL COLLATE BINARY,
                trade_id   TEXT    NOT NULL COLLATE BINARY,
                version    INTEGER NOT NULL,
                book       TEXT    NOT NULL COLLATE BINARY,
                stored_at  INTEGER NOT NULL,
                segment_id INTEGER NOT NULL,
                row        INTEGER NOT NULL,
                PRIMARY KEY (service, trade_id, version)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS trade_heads (
                service         TEXT    NOT NULL COLLATE BINARY,
                trade_id        TEXT    NOT NULL COLLATE BINARY,
                version         INTEGER NOT NULL,
                book            TEXT    NOT NULL COLLATE BINARY,
                hash            BLOB    NOT NULL,
                segment_id      INTEGER NOT NULL,
                row             INTEGER NOT NULL,
                upload          INTEGER NOT NULL,
                upload_position INTEGER NOT NULL,
                upload_line     INTEGER NULL,
                PRIMARY KEY (service, trade_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_trade_heads_book ON trade_heads (service, book, trade_id);
            """);
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Command(connection, null, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
        command.ExecuteNonQuery();
        return connection;
    }

    private sealed class Upload(SqliteTradeStore store, SqliteConnection connection, SqliteTransaction transaction, long upload) : ITradeUpload
    {
        private readonly HashSet<string> _books = new(StringComparer.Ordinal);
        private int _stored, _created, _changed;
        private bool _done;

        public Task<IReadOnlyList<UploadRepeat>> AddAsync(TradeTable trades, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, DateTimeOffset storedAt, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var plan = ChunkPlan.Make(trades, positions, lines, ReadHeads(connection, transaction, store.ServiceId, trades.Ids), upload);
            if (plan.Repeats.Count > 0)
            {
                return Task.FromResult<IReadOnlyList<UploadRepeat>>(plan.Repeats);
            }

            var segment = -1L;
            if (plan.Segment.Count > 0)
            {
                using var insert = Command(connection, transaction, "INSERT INTO trade_segments (data) VALUES (@data); SELECT last_insert_rowid();");
                insert.Parameters.AddWithValue("@data", TradeTableCodec.Encode(plan.Segment));
                segment = (long)insert.ExecuteScalar()!;
            }

            using (var version = Command(connection, transaction, "INSERT INTO trade_versions (service, trade_id, version, book, stored_at, segment_id, row) VALUES (@service, @id, @version, @book, @at, @segment, @row)"))
            using (var head = Command(connection, transaction, """
                INSERT INTO trade_heads (service, trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line)
                VALUES (@service, @id, @version, @book, @hash, @segment, @row, @upload, @position, @line)
                ON CONFLICT (service, trade_id) DO UPDATE SET version = excluded.version, book = excluded.book, hash = excluded.hash, segment_id = excluded.segment_id,
                    row = excluded.row, upload = excluded.upload, upload_position = excluded.upload_position, upload_line = excluded.upload_line
                """))
            {
                var vId = version.Parameters.Add("@id", SqliteType.Text);
                var vVersion = version.Parameters.Add("@version", SqliteType.Integer);
                var vBook = version.Parameters.Add("@book", SqliteType.Text);
                version.Parameters.AddWithValue("@at", storedAt.ToUnixTimeMilliseconds());
                version.Parameters.AddWithValue("@service", store.ServiceId);
                head.Parameters.AddWithValue("@service", store.ServiceId);
                version.Parameters.AddWithValue("@segment", segment);
                var vRow = version.Parameters.Add("@row", SqliteType.Integer);
                var hId = head.Parameters.Add("@id", SqliteType.Text);
                var hVersion = head.Parameters.Add("@version", SqliteType.Integer);
                var hBook = head.Parameters.Add("@book", SqliteType.Text);
                var hHash = head.Parameters.Add("@hash", SqliteType.Blob);
                head.Parameters.AddWithValue("@segment", segment);
                var hRow = head.Parameters.Add("@row", SqliteType.Integer);
                head.Parameters.AddWithValue("@upload", upload);
                var hPosition = head.Parameters.Add("@position", SqliteType.Integer);
                var hLine = head.Parameters.Add("@line", SqliteType.Integer);
                version.Prepare();
                head.Prepare();
                for (var row = 0; row < plan.Segment.Count; row++)
                {
                    var source = plan.SegmentSource[row];
                    vId.Value = hId.Value = plan.Segment.Ids[row];
                    vVersion.Value = hVersion.Value = plan.Segment.Versions[row];
                    vBook.Value = hBook.Value = plan.Segment.BookOf(row);
                    vRow.Value = hRow.Value = row;
                    hHash.Value = plan.Hashes[source];
                    hPosition.Value = positions[source];
                    hLine.Value = lines?[source] is { } line ? line : DBNull.Value;
                    version.ExecuteNonQuery();
                    head.ExecuteNonQuery();
                }
            }

            if (plan.Unchanged.Count > 0)
            {
                using var touch = Command(connection, transaction, "UPDATE trade_heads SET upload = @upload, upload_position = @position, upload_line = @line WHERE service = @service AND trade_id = @id");
                touch.Parameters.AddWithValue("@upload", upload);
                touch.Parameters.AddWithValue("@service", store.ServiceId);
                var id = touch.Parameters.Add("@id", SqliteType.Text);
                var position = touch.Parameters.Add("@position", SqliteType.Integer);
                var lineParameter = touch.Parameters.Add("@line", SqliteType.Integer);
                touch.Prepare();
                foreach (var i in plan.Unchanged)
                {
                    id.Value = trades.Ids[i];
                    position.Value = positions[i];
                    lineParameter.Value = lines?[i] is { } line ? line : DBNull.Value;
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
