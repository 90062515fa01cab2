using System.Buffers.Binary;
using System.Buffers.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Results;
using XiP.Results.Sqlite;

namespace XiP.Results.Tests;

/// <summary>The contract on a temporary SQLite file, plus what is particular to SQLite.</summary>
public sealed class SqliteResultStoreTests : ResultStoreContractTests
{
    private readonly TempDirectory _temp = new();

    // A nested directory that does not exist yet: the store creates it.
    private string DataSource => Path.Combine(_temp.Path, "nested", "results.db");

    protected override Task<IResultStore> OpenStoreAsync()
        => Task.FromResult<IResultStore>(new SqliteResultStore(new SqliteResultStoreOptions { DataSource = DataSource }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_schema_is_a_without_rowid_table_with_both_filter_indexes()
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync();

        var sql = (string?)await Scalar(connection, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'run_results';");
        Assert.NotNull(sql);
        Assert.Contains("WITHOUT ROWID", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("wal", (string?)await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(16384L, await Scalar(connection, "PRAGMA page_size;"));
        Assert.Equal(["run_id", "measure", "trade_id"], await IndexColumnsAsync(connection, "ix_run_results_measure"));
        Assert.Equal(["run_id", "book", "trade_id"], await IndexColumnsAsync(connection, "ix_run_results_book"));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Every_page_query_is_an_index_seek_without_a_sort(bool byMeasure, bool byBook)
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync();

        foreach (var bound in Enum.GetValues<SqliteResultStore.CursorBound>())
        {
            // ReadAsync bounds a measure-filtered page by the trade alone, any other by (trade, measure).
            var generated = bound switch
            {
                SqliteResultStore.CursorBound.RowValue => !byMeasure,
                SqliteResultStore.CursorBound.TradeAfter or SqliteResultStore.CursorBound.TradeFrom => byMeasure,
                _ => true,
            };
            if (!generated)
            {
                continue;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + SqliteResultStore.Sql.Select(byMeasure, byBook, bound);
            foreach (var name in new[] { "@run_id", "@measure", "@book", "@after_trade", "@after_measure", "@limit" })
            {
                if (command.CommandText.Contains(name, StringComparison.Ordinal))
                {
                    command.Parameters.AddWithValue(name, name == "@limit" ? 101 : "x");
                }
            }

            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }
            }

            // The book index is effectively (run_id, book, trade_id, measure): a WITHOUT ROWID table's index
            // carries the primary key columns it lacks, so it serves the page order too.
            var expected = byBook ? "SEARCH run_results USING INDEX ix_run_results_book (run_id=? AND book=?"
                : byMeasure ? "SEARCH run_results USING INDEX ix_run_results_measure (run_id=? AND measure=?"
                : "SEARCH run_results USING PRIMARY KEY (run_id=?";
            var text = string.Join(" | ", plan);
            Assert.True(plan.Count == 1 && plan[0].StartsWith(expected, StringComparison.Ordinal), $"{bound}: {text}");
            Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
            if (bound != SqliteResultStore.CursorBound.None)
            {
                // The cursor narrows the seek itself instead of filtering rows the seek returned.
                var seek = bound == SqliteResultStore.CursorBound.RowValue ? "AND (trade_id,measure)>(?,?))" : "AND trade_id>?)";
                Assert.True(text.EndsWith(seek, StringComparison.Ordinal), $"{bound}: {text}");
            }
        }
    }

    [Fact]
    public async Task Values_are_stored_as_little_endian_doubles()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        double[] values = [1.0, -0.0, double.NaN];
        await store.UpsertAsync([new ResultRecord(run, "T1", "PV", "Rates", 1, values, null), new ResultRecord(run, "T2", "PV", "Rates", 1, [], null)]);

        await using var connection = await OpenRawAsync();
        var blob = (byte[]?)await Scalar(connection, "SELECT vals FROM run_results WHERE run_id = @run AND trade_id = 'T1';", ("@run", run));
        var empty = await Scalar(connection, "SELECT vals FROM run_results WHERE run_id = @run AND trade_id = 'T2';", ("@run", run));

        var expected = new byte[24];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(i * 8), BitConverter.DoubleToInt64Bits(values[i]));
        }

        Assert.Equal(expected, blob);
        Assert.Equal(Array.Empty<byte>(), Assert.IsType<byte[]>(empty));
    }

    [Fact]
    public async Task The_write_ahead_log_stays_near_its_limit_while_batches_keep_coming()
    {
        const long Limit = 1024 * 1024;
        using var store = new SqliteResultStore(new SqliteResultStoreOptions { DataSource = DataSource, WalSizeLimit = Limit });
        var run = NewRunId();
        long largest = 0;

        // 40 batches dirty about 30 MB of pages (each touches dozens of index leaves), far past the limit.
        for (var batch = 0; batch < 40; batch++)
        {
            var records = Enumerable.Range(0, 100)
                .Select(i => new ResultRecord(run, $"T{(batch * 100) + i:D5}", $"M{i % 5}", $"B{i % 37}", 1, new double[101], null))
                .ToArray();
            await store.UpsertAsync(records);
            largest = Math.Max(largest, new FileInfo(DataSource + "-wal").Length);
        }

        Assert.Equal(4000, await store.CountAsync(run));

        // The limit plus what one batch adds: the writer checks the WAL file before every batch.
        Assert.True(largest <= 2 * Limit, $"the WAL grew to {largest} bytes");
    }

    [Fact]
    public async Task A_stored_blob_that_is_not_whole_doubles_fails_the_read()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.UpsertAsync([new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null)]);
        await using (var connection = await OpenRawAsync())
        {
            await Scalar(connection, "UPDATE run_results SET vals = x'01020304050607' WHERE run_id = @run;", ("@run", run));
        }

        await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync(new ResultQuery(run, null, null, null, 10)));
    }

    [Fact]
    public async Task A_batch_with_an_invalid_record_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var valid = new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null);

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([valid, valid with { TradeId = "" }]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([valid, null!]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([valid, valid with { Book = null! }]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([valid with { RunId = null! }]));

        Assert.Equal(0, await store.CountAsync(run));
    }

    [Fact]
    public async Task A_cancelled_batch_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.UpsertAsync([new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null)], cancelled.Token));

        Assert.Equal(0, await store.CountAsync(run));
    }

    [Fact]
    public async Task A_cursor_continues_after_its_key_under_another_filter()
    {
        // Not part of the contract (cursors belong to their query), but the measure filter turns the
        // (trade, measure) bound into a bound on the trade alone, and both of its cases must be right.
        var store = await NewStoreAsync();
        var run = NewRunId();
        var records = Enumerable.Range(1, 4).SelectMany(t => new[] { "DV01", "PV", "Vega" }.Select(m => new ResultRecord(run, $"T{t}", m, "Rates", 1, [t], null))).ToArray();
        await store.UpsertAsync(records);

        var page = await store.ReadAsync(new ResultQuery(run, null, null, null, 4)); // T1 x3, T2/DV01
        Assert.Equal(("T2", "DV01"), Key(page.Items[^1]));

        var pv = await store.ReadAsync(new ResultQuery(run, "PV", null, page.NextCursor, 10));
        var dv01 = await store.ReadAsync(new ResultQuery(run, "DV01", null, page.NextCursor, 10));

        Assert.Equal(["T2", "T3", "T4"], pv.Items.Select(r => r.TradeId));
        Assert.Equal(["T3", "T4"], dv01.Items.Select(r => r.TradeId));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 1, 0, 0, 0 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 1, 5, 0, 0, 0, (byte)'T' })]
    [InlineData(new byte[] { 1, 255, 255, 255, 255, (byte)'T' })]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 0xC3, (byte)'P' })]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, (byte)'T', 0xFF })]
    public async Task A_cursor_that_decodes_to_no_key_throws_ArgumentException(byte[] payload)
    {
        var store = await NewStoreAsync();
        var cursor = Base64Url.EncodeToString(payload);

        var exception = await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadAsync(new ResultQuery(NewRunId(), null, null, cursor, 10)));
        Assert.Equal("query.Cursor", exception.ParamName);
    }

    [Theory]
    [InlineData("T1", "PV")]
    [InlineData("", "")]
    [InlineData("a\0b", "\0")]
    [InlineData("trade/\u00e9\u4e2d", "m\U0001F600")]
    public void The_cursor_round_trips_any_key(string tradeId, string measure)
    {
        var cursor = ResultCursor.Encode(tradeId, measure);

        Assert.True(Base64Url.IsValid(cursor));
        Assert.Equal((tradeId, measure), ResultCursor.Decode(cursor, "cursor"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(":memory:")]
    public void Options_without_a_file_are_rejected_naming_DataSource(string? dataSource)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new SqliteResultStore(new SqliteResultStoreOptions { DataSource = dataSource }));

        Assert.Contains("SqliteResultStoreOptions.DataSource", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wal_size_limit_under_one_MiB_is_rejected_naming_it()
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new SqliteResultStore(new SqliteResultStoreOptions { DataSource = DataSource, WalSizeLimit = 1000 }));

        Assert.Contains("SqliteResultStoreOptions.WalSizeLimit", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_timeout_that_is_not_positive_is_rejected_naming_it()
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new SqliteResultStore(new SqliteResultStoreOptions { DataSource = DataSource, BusyTimeout = TimeSpan.Zero }));

        Assert.Contains("SqliteResultStoreOptions.BusyTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_store_refuses_operations()
    {
        var store = (SqliteResultStore)await NewStoreAsync();
        await CloseAsync(store);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.CountAsync(NewRunId()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InitializeAsync());
    }

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataSource, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    private static async Task<List<string>> IndexColumnsAsync(SqliteConnection connection, string index)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA index_info('{index}');";
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(2));
        }

        return columns;
    }
}
