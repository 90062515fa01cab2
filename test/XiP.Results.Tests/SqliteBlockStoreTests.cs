using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using XiP.Results.Sqlite;

namespace XiP.Results.Tests;

/// <summary>The contract on a temporary SQLite file, plus what is particular to SQLite.</summary>
public sealed class SqliteBlockStoreTests : RunBlockStoreContractTests
{
    private readonly TempDirectory _temp = new();

    // A nested directory that does not exist yet: the store creates it.
    private string DataSource => Path.Combine(_temp.Path, "nested", "results.db");

    protected override Task<IRunBlockStore> OpenStoreAsync()
        => Task.FromResult<IRunBlockStore>(new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = DataSource }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_schema_is_a_without_rowid_table_run_blocks_keyed_by_run_block_and_part()
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync();

        var sql = (string?)await ScalarAsync(connection, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'run_blocks';");
        Assert.NotNull(sql);
        Assert.Contains("WITHOUT ROWID", sql, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(
            [("run_id", "TEXT", 1L, 1L), ("block", "INTEGER", 1L, 2L), ("part", "TEXT", 1L, 3L), ("data", "BLOB", 1L, 0L)],
            await RowsAsync(connection, "PRAGMA table_info('run_blocks');", r => (r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(5))));
        Assert.Equal("wal", (string?)await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(65536L, await ScalarAsync(connection, "PRAGMA page_size;"));
    }

    [Fact]
    public async Task A_write_while_another_store_of_the_process_writes_the_file_awaits_its_turn_without_holding_its_thread()
    {
        var store = await NewStoreAsync();

        // another store on the same file, however its path is spelled, in the middle of a write
        var gate = FileWriteGates.For(Path.Combine(_temp.Path, "nested", "..", "nested", "results.db"));
        await gate.WaitAsync();
        Task writing;
        try
        {
            writing = store.PutAsync(NewRunId(), [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);
            Assert.False(writing.IsCompleted, $"the write did not wait for the other store's: {writing.Status}");
        }
        finally
        {
            gate.Release();
        }

        await writing;
    }

    [Fact]
    public async Task Keys_compare_as_bytes_so_case_and_trailing_spaces_make_different_keys()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.PutAsync(run, [new RunBlock(0, "v-pv", Bytes(1, 4)), new RunBlock(0, "v-PV", Bytes(2, 4))]);

        await using var connection = await OpenRawAsync();
        Assert.Equal(2L, await ScalarAsync(connection, "SELECT COUNT(*) FROM run_blocks WHERE run_id = @run;", ("@run", run)));
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT COUNT(*) FROM run_blocks WHERE run_id = @run;", ("@run", run.ToUpperInvariant())));
    }

    [Fact]
    public async Task A_call_with_a_bad_element_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var before = Bytes(1, 100);
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, before)]);

        // The third element has no part: SQLite refuses it after the first two were inserted, and the transaction rolls them back.
        await Assert.ThrowsAnyAsync<Exception>(() => store.PutAsync(
            run,
            [new RunBlock(0, RunParts.Keys, Bytes(2, 100)), new RunBlock(1, RunParts.Keys, Bytes(3, 100)), new RunBlock(2, null!, Bytes(4, 100))]));

        AssertBlob(before, await store.GetAsync(run, 0, RunParts.Keys), "the blob stored before the failed call");
        Assert.Equal([new RunBlockKey(0, RunParts.Keys)], await store.ListAsync(run));
    }

    [Fact]
    public async Task A_cancelled_call_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))], cancelled.Token));

        Assert.Empty(await store.ListAsync(run));
    }

    [Fact]
    public async Task A_legacy_table_with_rows_stops_initialization_naming_the_file_and_what_to_do()
    {
        await using (var connection = await OpenRawAsync(create: true))
        {
            await ExecuteAsync(connection, """
                CREATE TABLE run_results (run_id TEXT NOT NULL, trade_id TEXT NOT NULL, measure TEXT NOT NULL, book TEXT NOT NULL,
                    trade_version INTEGER NOT NULL, vals BLOB, error TEXT, PRIMARY KEY (run_id, trade_id, measure)) WITHOUT ROWID;
                INSERT INTO run_results VALUES ('run-1', 'T1', 'pv', 'Rates', 1, x'0000000000000000', NULL), ('run-1', 'T2', 'pv', 'Rates', 1, NULL, 'failed');
                """);
        }

        using (var store = new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = DataSource }))
        {
            var exception = await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());

            Assert.Contains(Path.GetFullPath(DataSource), exception.Message, StringComparison.Ordinal);
            Assert.Contains("2 results", exception.Message, StringComparison.Ordinal);
            Assert.Contains("DROP TABLE run_results", exception.Message, StringComparison.Ordinal);

            // Not remembered as done: every later use refuses too.
            await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());
            await Assert.ThrowsAsync<LegacyResultsException>(() => store.PutAsync(NewRunId(), [new RunBlock(0, RunParts.Keys, Bytes(1, 1))]));
        }

        await using var check = await OpenRawAsync();
        Assert.Equal(2L, await ScalarAsync(check, "SELECT COUNT(*) FROM run_results;"));
        Assert.Null(await ScalarAsync(check, "SELECT name FROM sqlite_schema WHERE name = 'run_blocks';"));
    }

    [Fact]
    public async Task Once_the_operator_drops_the_legacy_table_the_same_store_initializes()
    {
        await using (var connection = await OpenRawAsync(create: true))
        {
            await ExecuteAsync(connection, "CREATE TABLE run_results (run_id TEXT NOT NULL, trade_id TEXT NOT NULL); INSERT INTO run_results VALUES ('run-1', 'T1');");
        }

        using var store = new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = DataSource });
        await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());
        await using (var connection = await OpenRawAsync())
        {
            await ExecuteAsync(connection, "DROP TABLE run_results;");
        }

        await store.InitializeAsync();
        var run = NewRunId();
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);

        AssertBlob(Bytes(1, 10), await store.GetAsync(run, 0, RunParts.Keys), "a blob written after the retried initialization");
    }

    [Fact]
    public async Task An_empty_legacy_table_is_dropped_and_the_store_starts()
    {
        await using (var connection = await OpenRawAsync(create: true))
        {
            await ExecuteAsync(connection, "CREATE TABLE run_results (run_id TEXT NOT NULL, trade_id TEXT NOT NULL, PRIMARY KEY (run_id, trade_id)) WITHOUT ROWID;");
        }

        var store = await NewStoreAsync();
        var run = NewRunId();
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);

        AssertBlob(Bytes(1, 10), await store.GetAsync(run, 0, RunParts.Keys), "a blob written after the legacy table was dropped");
        await using var check = await OpenRawAsync();
        Assert.Null(await ScalarAsync(check, "SELECT name FROM sqlite_schema WHERE name = 'run_results';"));
    }

    [Fact]
    public void The_legacy_check_of_a_missing_file_creates_nothing()
    {
        LegacySqliteResults.Check(DataSource);

        Assert.False(File.Exists(DataSource));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(":memory:")]
    [InlineData(" :MEMORY: ")]
    public void Options_without_a_file_are_rejected_naming_DataSource(string? dataSource)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = dataSource }));

        Assert.Contains("SqliteResultStoreOptions.DataSource", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BusyTimeout", exception.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TimeSpan> BadBusyTimeouts => new() { TimeSpan.Zero, TimeSpan.FromSeconds(-1), TimeSpan.FromMilliseconds(int.MaxValue + 1.0) };

    [Theory]
    [MemberData(nameof(BadBusyTimeouts))]
    public void A_busy_timeout_out_of_range_is_rejected_naming_BusyTimeout(TimeSpan busyTimeout)
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = DataSource, BusyTimeout = busyTimeout }));

        Assert.Contains("SqliteResultStoreOptions.BusyTimeout", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("DataSource", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_option_is_named_at_once()
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new SqliteBlockStore(new SqliteResultStoreOptions { DataSource = null, BusyTimeout = TimeSpan.Zero }));

        Assert.Equal(2, exception.Failures.Count());
        Assert.Contains("SqliteResultStoreOptions.DataSource", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SqliteResultStoreOptions.BusyTimeout", exception.Message, StringComparison.Ordinal);
    }

    private async Task<SqliteConnection> OpenRawAsync(bool create = false)
    {
        if (create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DataSource)!);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DataSource,
            Pooling = false,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
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

    private static async Task<List<T>> RowsAsync<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
