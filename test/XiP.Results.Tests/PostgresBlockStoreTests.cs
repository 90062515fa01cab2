using Microsoft.Extensions.Options;
using Npgsql;
using XiP.Results.Postgres;
using XiP.Tests;

namespace XiP.Results.Tests;

/// <summary>The contract on the PostgreSQL database of <c>XIP_POSTGRES</c>, plus what is particular to PostgreSQL.</summary>
/// <remarks>
/// The contract's tests write fresh run ids, so they share the database and its one table. Tests that need a
/// legacy table get a schema of their own (through the connection's search path), dropped afterwards, so the
/// others never see it.
/// </remarks>
public sealed class PostgresBlockStoreTests : RunBlockStoreContractTests
{
    private readonly List<(string Schema, string ConnectionString)> _schemas = [];

    protected override Task<IRunBlockStore> OpenStoreAsync()
        => Task.FromResult<IRunBlockStore>(new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = PostgresServer.ConnectionString }));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_schemas.Count > 0)
        {
            await using var connection = await OpenRawAsync(PostgresServer.ConnectionString);
            foreach (var (schema, connectionString) in _schemas)
            {
                // only the pool of this schema's connection string: the others belong to tests running alongside
                await using (var pooled = new NpgsqlConnection(connectionString))
                {
                    NpgsqlConnection.ClearPool(pooled);
                }

                await ExecuteAsync(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
        }
    }

    [Fact]
    public async Task The_table_is_xip_run_blocks_keyed_by_run_block_and_part_in_the_C_collation()
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync(PostgresServer.ConnectionString);

        var columns = await RowsAsync(
            connection,
            "SELECT column_name, data_type, collation_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'xip_run_blocks' ORDER BY ordinal_position",
            r => (r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3)));
        var key = await RowsAsync(
            connection,
            """
            SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = 'xip_run_blocks'::regclass AND i.indisprimary ORDER BY k.position
            """,
            r => r.GetString(0));

        Assert.Equal(
            [("run_id", "text", "C", "NO"), ("block", "integer", null, "NO"), ("part", "text", "C", "NO"), ("data", "bytea", null, "NO")],
            columns);
        Assert.Equal(["run_id", "block", "part"], key);
    }

    [Fact]
    public async Task A_call_the_server_refuses_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var before = Bytes(1, 100);
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, before)]);

        // PostgreSQL text cannot hold U+0000, nor the table a part that is null: the statement fails as a whole.
        foreach (var bad in new[] { new RunBlock(2, "v-p\0v", Bytes(4, 100)), new RunBlock(2, null!, Bytes(4, 100)) })
        {
            await Assert.ThrowsAnyAsync<Exception>(() => store.PutAsync(
                run,
                [new RunBlock(0, RunParts.Keys, Bytes(2, 100)), new RunBlock(1, RunParts.Keys, Bytes(3, 100)), bad]));
        }

        AssertBlob(before, await store.GetAsync(run, 0, RunParts.Keys), "the blob stored before the failed calls");
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
    public async Task Concurrent_puts_of_the_same_keys_in_opposite_orders_do_not_deadlock()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        const int Writers = 8;
        var keys = Enumerable.Range(0, 300).Select(b => new RunBlockKey(b, b % 2 == 0 ? RunParts.Keys : RunParts.Trades)).ToList();
        var calls = Enumerable.Range(0, Writers)
            .Select(w => (w % 2 == 0 ? keys : Enumerable.Reverse(keys)).Select(k => new RunBlock(k.Block, k.Part, Bytes(w, 64))).ToList())
            .ToList();

        using var start = new SemaphoreSlim(0, Writers);
        var writers = calls.Select(call => Task.Run(async () =>
        {
            await start.WaitAsync();
            await store.PutAsync(run, call);
        })).ToArray();
        start.Release(Writers);
        await Task.WhenAll(writers);

        AssertKeys(keys, await store.ListAsync(run));
        var versions = Enumerable.Range(0, Writers).Select(w => Convert.ToHexString(Bytes(w, 64))).ToHashSet();
        foreach (var key in keys)
        {
            Assert.Contains(Convert.ToHexString((await store.GetAsync(run, key.Block, key.Part))!), versions);
        }
    }

    [Fact]
    public async Task MaxConnections_bounds_the_connections_the_store_opens()
    {
        var application = $"xip-test-{Guid.NewGuid():N}"[..40];
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { ApplicationName = application }.ConnectionString;
        await using var store = new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString, MaxConnections = 2 });
        await store.InitializeAsync();
        var run = NewRunId();

        using var start = new SemaphoreSlim(0, 32);
        var work = Enumerable.Range(0, 32).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            await store.PutAsync(run, [new RunBlock(i, RunParts.Keys, Bytes(i, 1000))]);
            await store.ListAsync(run);
        })).ToArray();
        start.Release(32);
        await Task.WhenAll(work);

        // The pool keeps the connections it opened: the server sees all of them.
        await using var connection = await OpenRawAsync(PostgresServer.ConnectionString);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", connection) { Parameters = { new NpgsqlParameter { Value = application } } };
        var open = (long)(await count.ExecuteScalarAsync())!;
        Assert.InRange(open, 1, 2);
        Assert.Equal(32, (await store.ListAsync(run)).Count);
    }

    [Fact]
    public async Task A_minimum_pool_size_above_MaxConnections_is_lowered_to_it()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { MinPoolSize = 20 }.ConnectionString;
        await using var store = new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString, MaxConnections = 2 });
        var run = NewRunId();

        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);

        AssertBlob(Bytes(1, 10), await store.GetAsync(run, 0, RunParts.Keys), "a blob written through the lowered pool");
    }

    [Fact]
    public async Task A_legacy_table_with_rows_stops_initialization_saying_what_to_do()
    {
        var connectionString = await NewSchemaAsync("""
            CREATE TABLE run_results (run_id text NOT NULL, trade_id text NOT NULL, measure text NOT NULL, PRIMARY KEY (run_id, trade_id, measure));
            INSERT INTO run_results VALUES ('run-1', 'T1', 'pv'), ('run-1', 'T2', 'pv'), ('run-2', 'T1', 'pv');
            """);
        await using var store = new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString });

        var exception = await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());

        Assert.Contains("3 results", exception.Message, StringComparison.Ordinal);
        Assert.Contains("run_results", exception.Message, StringComparison.Ordinal);
        Assert.Contains("DROP TABLE run_results", exception.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<LegacyResultsException>(() => store.PutAsync(NewRunId(), [new RunBlock(0, RunParts.Keys, Bytes(1, 1))]));
        await using var connection = await OpenRawAsync(connectionString);
        Assert.Equal(3L, await ScalarAsync(connection, "SELECT count(*) FROM run_results"));
    }

    [Fact]
    public async Task A_legacy_table_written_after_a_vacuum_left_it_empty_still_stops_initialization()
    {
        // VACUUM of the emptied table records reltuples = 0, which later inserts do not change until the next
        // vacuum or analyze: a refusal that trusted that estimate would let these rows through.
        var connectionString = await NewSchemaAsync("""
            CREATE TABLE run_results (run_id text NOT NULL, trade_id text NOT NULL, PRIMARY KEY (run_id, trade_id));
            INSERT INTO run_results VALUES ('run-1', 'T1');
            DELETE FROM run_results;
            """);
        await using (var connection = await OpenRawAsync(connectionString))
        {
            await ExecuteAsync(connection, "VACUUM run_results");
            await ExecuteAsync(connection, "INSERT INTO run_results VALUES ('run-2', 'T1')");
            Assert.Equal(0f, await ScalarAsync(connection, "SELECT reltuples FROM pg_class WHERE oid = 'run_results'::regclass"));
        }

        await using var store = new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString });

        var exception = await Assert.ThrowsAsync<LegacyResultsException>(() => store.InitializeAsync());
        Assert.Contains("1 results", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_legacy_table_does_not_stop_the_store()
    {
        var connectionString = await NewSchemaAsync("CREATE TABLE run_results (run_id text NOT NULL, trade_id text NOT NULL, PRIMARY KEY (run_id, trade_id));");
        await using var store = new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString });
        var run = NewRunId();

        await store.InitializeAsync();
        await store.PutAsync(run, [new RunBlock(0, RunParts.Keys, Bytes(1, 10))]);

        AssertBlob(Bytes(1, 10), await store.GetAsync(run, 0, RunParts.Keys), "a blob written next to an empty legacy table");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Host=127.0.0.1;NoSuchKeyword=1")]
    public void Options_without_a_usable_connection_string_are_rejected_naming_it(string? connectionString)
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = connectionString }));

        Assert.Contains("PostgresResultStoreOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void MaxConnections_out_of_range_is_rejected_naming_it(int maxConnections)
    {
        var exception = Assert.Throws<OptionsValidationException>(
            () => new PostgresBlockStore(new PostgresResultStoreOptions { ConnectionString = "Host=127.0.0.1", MaxConnections = maxConnections }));

        Assert.Contains("PostgresResultStoreOptions.MaxConnections", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void MaxConnections_at_its_bounds_is_accepted(int maxConnections)
    {
        var result = new PostgresResultStoreOptionsValidator().Validate(
            Options.DefaultName, new PostgresResultStoreOptions { ConnectionString = "Host=127.0.0.1", MaxConnections = maxConnections });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    /// <summary>A schema of this test's own, set up by <paramref name="sql"/>; the connection string searches it first.</summary>
    private async Task<string> NewSchemaAsync(string sql)
    {
        var schema = $"xip_test_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { SearchPath = schema }.ConnectionString;
        _schemas.Add((schema, connectionString));
        await using (var connection = await OpenRawAsync(PostgresServer.ConnectionString))
        {
            await ExecuteAsync(connection, $"CREATE SCHEMA {schema}");
        }

        await using (var connection = await OpenRawAsync(connectionString))
        {
            await ExecuteAsync(connection, sql);
        }

        return connectionString;
    }

    private static async Task<NpgsqlConnection> OpenRawAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<T>> RowsAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
