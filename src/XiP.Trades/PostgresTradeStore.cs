using Npgsql;
using NpgsqlTypes;
using XiP.Pricing.Columnar;
using XiP.Results;

namespace XiP.Trades;

/// <summary>
/// <see cref="ITradeStore"/> of a cluster on PostgreSQL: the tables of <see cref="SqliteTradeStore"/> with an
/// <c>xip_</c> prefix, keys in the "C" collation (code point order). An upload is one transaction; uploads from
/// every host take turns on a transaction-level advisory lock, and within a host on an async gate first, so a
/// waiting upload holds no connection. Each chunk is a handful of statements over arrays, whatever its size.
/// </summary>
public sealed class PostgresTradeStore : ITradeStore, IAsyncDisposable
{
    private const long UploadLock = 7306540712863746;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _uploads = new(1, 1);
    private readonly SharedInitialization _setup;
    private readonly SegmentCache<TradeTable> _segments = new();

    /// <param name="maxConnections">The most connections the store opens at once (its own pool).</param>
    public PostgresTradeStore(string connectionString, string serviceId, int maxConnections = 8)
    {
        ServiceId = serviceId;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = maxConnections };
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _setup = new SharedInitialization(InitializeCoreAsync);
    }

    /// <summary>Trades are kept per service, as Orleans keeps grain state.</summary>
    public string ServiceId { get; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => _setup.EnsureAsync(cancellationToken);

    public async Task<ITradeUpload> BeginUploadAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _uploads.WaitAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({UploadLock}); SELECT nextval('xip_trade_uploads');", connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var upload = reader.GetInt64(0);
            return new Upload(this, connection, transaction, upload);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            _uploads.Release();
            throw;
        }
    }

    public async Task<StoredTrade?> GetAsync(string tradeId, int? version, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("""
            SELECT v.version, v.stored_at, v.segment_id, v.row, h.version
            FROM xip_trade_heads h JOIN xip_trade_versions v ON v.service = h.service AND v.trade_id = h.trade_id AND v.version = coalesce($2, h.version)
            WHERE h.service = $3 AND h.trade_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tradeId });
        command.Parameters.Add(new NpgsqlParameter { Value = version is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        long segment, storedAt;
        int row, found, latest;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            (found, storedAt, segment, row, latest) = (reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4));
        }

        var table = await _segments.GetAsync(segment, LoadSegmentAsync).ConfigureAwait(false);
        return new StoredTrade(table.Slice(row, 1), found, DateTimeOffset.FromUnixTimeMilliseconds(storedAt), latest);
    }

    public async Task<TradeTable> LoadBookAsync(string book, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand("SELECT version, segment_id, row FROM xip_trade_heads WHERE service = $2 AND book = $1 ORDER BY trade_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = book });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        var rows = new List<(int Version, long Segment, int Row)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
        }

        return await GatherAsync(rows).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<BookCount>> ListBooksAsync(string? after, int limit, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(
            "SELECT book, COUNT(*)::integer FROM xip_trade_heads WHERE service = $1 AND book > $2 GROUP BY book ORDER BY book LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after ?? string.Empty });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var books = new List<BookCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            books.Add(new BookCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return books;
    }

    public async Task<(TradeTable Trades, IReadOnlyList<int> Missing)> LoadTradesAsync(IReadOnlyList<string> tradeIds, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var heads = await ReadHeadsAsync(connection, null, ServiceId, tradeIds, cancellationToken).ConfigureAwait(false);
        var (rows, missing) = TradeHead.Places(heads, tradeIds);

        return (missing.Count > 0 ? TradeTable.Empty : await GatherAsync(rows).ConfigureAwait(false), missing);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<TradeTable> GatherAsync(List<(int Version, long Segment, int Row)> rows)
    {
        var builder = new TradeTableBuilder(rows.Count);
        foreach (var (version, segment, row) in rows)
        {
            builder.AddRow(await _segments.GetAsync(segment, LoadSegmentAsync).ConfigureAwait(false), row, version);
        }

        return builder.Build();
    }

    private async Task<TradeTable> LoadSegmentAsync(long segment)
    {
        await using var command = _dataSource.CreateCommand("SELECT data FROM xip_trade_segments WHERE segment_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = segment });
        return TradeTableCodec.Decode(await command.ExecuteScalarAsync().ConfigureAwait(false) as byte[] ?? throw new InvalidDataException($"Trade segment {segment} is missing."));
    }

    private static async Task<Dictionary<string, TradeHead>> ReadHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string service, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line
            FROM xip_trade_heads WHERE service = $2 AND trade_id = ANY($1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = service });
        var heads = new Dictionary<string, TradeHead>(ids.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var head = new TradeHead(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3), reader.GetInt64(4),
                reader.GetInt32(5), reader.GetInt64(6), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetInt32(8));
            heads[head.TradeId] = head;
        }

        return heads;
    }

    private async Task InitializeCoreAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({UploadLock});
            CREATE SEQUENCE IF NOT EXISTS xip_trade_uploads;
            CREATE TABLE IF NOT EXISTS xip_trade_segments (segment_id bigserial PRIMARY KEY, data bytea NOT NULL);
            CREATE TABLE IF NOT EXISTS xip_trade_versions (
                service    text    COLLATE "C" NOT NULL,
                trade_id   text    COLLATE "C" NOT NULL,
                version    integer NOT NULL,
                book       text    COLLATE "C" NOT NULL,
                stored_at  bigint  NOT NULL,
                segment_id bigint  NOT NULL,
                row        integer NOT NULL,
                PRIMARY KEY (service, trade_id, version)
            );
            CREATE TABLE IF NOT EXISTS xip_trade_heads (
                service         text    COLLATE "C" NOT NULL,
                trade_id        text    COLLATE "C" NOT NULL,
                version         integer NOT NULL,
                book            text    COLLATE "C" NOT NULL,
                hash            bytea   NOT NULL,
                segment_id      bigint  NOT NULL,
                row             integer NOT NULL,
                upload          bigint  NOT NULL,
                upload_position integer NOT NULL,
                upload_line     integer NULL,
                PRIMARY KEY (service, trade_id)
            );
            CREATE INDEX IF NOT EXISTS ix_xip_trade_heads_book ON xip_trade_heads (service, book, trade_id);
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
    }

    private sealed class Upload(PostgresTradeStore store, NpgsqlConnection connection, NpgsqlTransaction transaction, long upload) : ITradeUpload
    {
        private readonly HashSet<string> _books = new(StringComparer.Ordinal);
        private int _stored, _created, _changed;
        private bool _done;

        public async Task<IReadOnlyList<UploadRepeat>> AddAsync(TradeTable trades, IReadOnlyList<int> positions, IReadOnlyList<int?>? lines, DateTimeOffset storedAt, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var heads = await ReadHeadsAsync(connection, transaction, store.ServiceId, trades.Ids, cancellationToken).ConfigureAwait(false);
            var plan = ChunkPlan.Make(trades, positions, lines, heads, upload);
            if (plan.Repeats.Count > 0)
            {
                return plan.Repeats;
            }

            if (plan.Segment.Count > 0)
            {
                long segment;
                await using (var insert = new NpgsqlCommand("INSERT INTO xip_trade_segments (data) VALUES ($1) RETURNING segment_id", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = TradeTableCodec.Encode(plan.Segment) });
                    segment = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                var n = plan.Segment.Count;
                var ids = plan.Segment.Ids;
                var books = Enumerable.Range(0, n).Select(plan.Segment.BookOf).ToArray();
                var rows = Enumerable.Range(0, n).ToArray();
                await using (var versions = new NpgsqlCommand("""
                    INSERT INTO xip_trade_versions (service, trade_id, version, book, stored_at, segment_id, row)
                    SELECT $7, i, v, b, $4, $5, r FROM unnest($1::text[], $2::integer[], $3::text[], $6::integer[]) AS t(i, v, b, r)
                    """, connection, transaction))
                {
                    versions.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
                    versions.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = plan.Segment.Versions });
                    versions.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = books });
                    versions.Parameters.Add(new NpgsqlParameter<long> { TypedValue = storedAt.ToUnixTimeMilliseconds() });
                    versions.Parameters.Add(new NpgsqlParameter<long> { TypedValue = segment });
                    versions.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows });
                    versions.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.ServiceId });
                    await versions.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var heads2 = new NpgsqlCommand("""
                    INSERT INTO xip_trade_heads (service, trade_id, version, book, hash, segment_id, row, upload, upload_position, upload_line)
                    SELECT $10, i, v, b, h, $5, r, $6, p, l FROM unnest($1::text[], $2::integer[], $3::text[], $4::bytea[], $7::integer[], $8::integer[], $9::integer[]) AS t(i, v, b, h, r, p, l)
                    ON CONFLICT (service, trade_id) DO UPDATE SET version = excluded.version, book = excluded.book, hash = excluded.hash, segment_id = excluded.segment_id,
                        row = excluded.row, upload = excluded.upload, upload_position = excluded.upload_position, upload_line = excluded.upload_line
                    """, connection, transaction))
                {
                    heads2.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
                    heads2.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = plan.Segment.Versions });
                    heads2.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = books });
                    heads2.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = plan.SegmentSource.Select(s => plan.Hashes[s]).ToArray() });
                    heads2.Parameters.Add(new NpgsqlParameter<long> { TypedValue = segment });
                    heads2.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload });
                    heads2.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = rows });
                    heads2.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = plan.SegmentSource.Select(s => positions[s]).ToArray() });
                    heads2.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = plan.SegmentSource.Select(s => lines?[s]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
                    heads2.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.ServiceId });
                    await heads2.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            if (plan.Unchanged.Count > 0)
            {
                await using var touch = new NpgsqlCommand("""
                    UPDATE xip_trade_heads h SET upload = $1, upload_position = u.p, upload_line = u.l
                    FROM unnest($2::text[], $3::integer[], $4::integer[]) AS u(i, p, l) WHERE h.service = $5 AND h.trade_id = u.i
                    """, connection, transaction);
                touch.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload });
                touch.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = plan.Unchanged.Select(i => trades.Ids[i]).ToArray() });
                touch.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = plan.Unchanged.Select(i => positions[i]).ToArray() });
                touch.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = plan.Unchanged.Select(i => lines?[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
                touch.Parameters.Add(new NpgsqlParameter<string> { TypedValue = store.ServiceId });
                await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _stored += trades.Count;
            _created += plan.Created;
            _changed += plan.Changed;
            _books.UnionWith(plan.Books);
            return [];
        }

        public async Task<UploadOutcome> CommitAsync(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            await FinishAsync().ConfigureAwait(false);
            return new UploadOutcome(_stored, _created, _changed, [.. _books.Order(StringComparer.Ordinal)]);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_done)
            {
                try
                {
                    await transaction.RollbackAsync().ConfigureAwait(false);
                }
                catch (NpgsqlException)
                {
                    // a broken connection rolls the transaction back on the server anyway
                }

                await FinishAsync().ConfigureAwait(false);
            }
        }

        private async Task FinishAsync()
        {
            _done = true;
            await transaction.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            store._uploads.Release();
        }
    }
}
