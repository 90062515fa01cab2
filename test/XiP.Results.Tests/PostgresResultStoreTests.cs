using Npgsql;
using XiP.Abstractions.Results;
using XiP.Results.Postgres;
using XiP.Tests;

namespace XiP.Results.Tests;

/// <summary>The contract on the PostgreSQL database of <c>XIP_POSTGRES</c>, plus what is particular to PostgreSQL.</summary>
/// <remarks>Every test writes fresh run ids, so the tests share the database and its one table.</remarks>
public sealed class PostgresResultStoreTests : ResultStoreContractTests
{
    protected override Task<IResultStore> OpenStoreAsync()
        => Task.FromResult<IResultStore>(new PostgresResultStore(new PostgresResultStoreOptions { ConnectionString = PostgresServer.ConnectionString }));

    [Fact]
    public async Task Keys_are_text_in_the_C_collation_and_values_bytea()
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type, collation_name FROM information_schema.columns WHERE table_name = 'run_results' ORDER BY ordinal_position;",
            connection);
        var columns = new List<(string Name, string Type, string? Collation)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        Assert.Equal(
            [
                ("run_id", "text", "C"), ("trade_id", "text", "C"), ("measure", "text", "C"), ("book", "text", "C"),
                ("trade_version", "integer", null), ("vals", "bytea", null), ("error", "text", null),
            ],
            columns);
    }

    [Theory]
    [InlineData(false, false, "pk_run_results")]
    [InlineData(true, false, "ix_run_results_measure")]
    [InlineData(false, true, "ix_run_results_book")]
    public async Task Every_page_query_is_an_index_scan_without_a_sort(bool byMeasure, bool byBook, string index)
    {
        await NewStoreAsync();
        await using var connection = await OpenRawAsync();

        // The planner prefers a sequential scan of a small table; the plan shape, not the cost, is checked.
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off; SET enable_bitmapscan = off;", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        foreach (var bound in Enum.GetValues<PostgresResultStore.CursorBound>())
        {
            // ReadAsync bounds a measure-filtered page by the trade alone, any other by (trade, measure).
            if (bound != PostgresResultStore.CursorBound.None && (bound == PostgresResultStore.CursorBound.RowValue) == byMeasure)
            {
                continue;
            }

            await using var command = new NpgsqlCommand("EXPLAIN " + PostgresResultStore.Sql.Select(byMeasure, byBook, bound), connection);
            foreach (var name in new[] { "run_id", "measure", "book", "after_trade", "after_measure", "limit" })
            {
                if (command.CommandText.Contains("@" + name, StringComparison.Ordinal))
                {
                    command.Parameters.Add(name == "limit" ? new NpgsqlParameter<int>(name, 101) : new NpgsqlParameter<string>(name, "x"));
                }
            }

            var plan = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            var text = string.Join(" | ", plan);
            Assert.True(text.Contains($"Index Scan using {index} on run_results", StringComparison.Ordinal), $"{bound}: {text}");
            Assert.DoesNotContain("Sort", text, StringComparison.Ordinal);
            if (bound != PostgresResultStore.CursorBound.None)
            {
                // The cursor narrows the index range itself instead of filtering the rows it returns.
                Assert.DoesNotContain("Filter:", text, StringComparison.Ordinal);
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
        await using var command = new NpgsqlCommand("SELECT vals FROM run_results WHERE run_id = @run ORDER BY trade_id;", connection);
        command.Parameters.AddWithValue("run", run);
        var stored = new List<byte[]>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(reader.GetFieldValue<byte[]>(0));
            }
        }

        var expected = values.SelectMany(v => BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(v)).AsEnumerable()).ToArray();
        Assert.True(BitConverter.IsLittleEndian);
        Assert.Equal([expected, []], stored);
    }

    [Fact]
    public async Task Concurrent_upserts_of_the_same_keys_in_opposite_orders_do_not_deadlock()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();
        var forward = Enumerable.Range(0, 2000).Select(i => new ResultRecord(run, $"T{i:D4}", "PV", "Rates", 1, [i], null)).ToArray();
        var backward = forward.Reverse().Select(r => r with { TradeVersion = 2 }).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.UpsertAsync(i % 2 == 0 ? forward : backward))));

        Assert.Equal(forward.Length, await store.CountAsync(run));
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

        Assert.Equal(0, await store.CountAsync(run));
    }

    [Fact]
    public async Task A_batch_the_server_refuses_writes_nothing()
    {
        var store = await NewStoreAsync();
        var run = NewRunId();

        // PostgreSQL text cannot hold U+0000: the statement fails as a whole, the valid record included.
        await Assert.ThrowsAnyAsync<Exception>(() => store.UpsertAsync(
            [new ResultRecord(run, "T1", "PV", "Rates", 1, [1.0], null), new ResultRecord(run, "T\0", "PV", "Rates", 1, [1.0], null)]));

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

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Host=127.0.0.1;NoSuchKeyword=1")]
    public void Options_without_a_usable_connection_string_are_rejected_naming_it(string? connectionString)
    {
        var exception = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => new PostgresResultStore(new PostgresResultStoreOptions { ConnectionString = connectionString }));

        Assert.Contains("PostgresResultStoreOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_store_refuses_operations()
    {
        var store = await NewStoreAsync();
        await CloseAsync(store);

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => store.CountAsync(NewRunId()));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.InitializeAsync());
    }

    private static async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
