using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace XiP.Persistence.Sqlite.Tests;

public sealed class SqliteGrainStorageTests : IDisposable
{
    private const string StateName = "counter";

    private readonly TempDirectory _temp = new();
    private readonly ServiceProvider _services;
    private readonly List<SqliteGrainStorage> _storages = [];
    private readonly string _dataSource;

    public SqliteGrainStorageTests()
    {
        _services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(CounterState).Assembly))
            .BuildServiceProvider();

        // Nested, not-yet-existing directory: the provider must create it.
        _dataSource = Path.Combine(_temp.Path, "nested", "grains.db");
    }

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        _services.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Write_then_read_round_trips_a_record_state()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var written = new GrainState<CounterState>(new CounterState { Count = 42, Label = "answer", History = ["a", "b"] });

        await storage.WriteStateAsync(StateName, grainId, written);

        Assert.True(File.Exists(_dataSource));
        Assert.True(written.RecordExists);
        Assert.False(string.IsNullOrEmpty(written.ETag));

        var read = new GrainState<CounterState>();
        await storage.ReadStateAsync(StateName, grainId, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State!.Count);
        Assert.Equal("answer", read.State!.Label);
        Assert.Equal(["a", "b"], read.State!.History);
    }

    [Fact]
    public async Task Read_of_missing_row_yields_default_state_and_no_etag()
    {
        var storage = CreateStorage();
        var read = new GrainState<CounterState>(new CounterState { Count = 7 }) { ETag = "stale", RecordExists = true };

        await storage.ReadStateAsync(StateName, NewGrainId(), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        AssertDefault(read.State);
    }

    [Fact]
    public async Task Rows_are_keyed_by_grain_and_state_name()
    {
        var storage = CreateStorage();
        var grainA = NewGrainId();
        var grainB = NewGrainId();
        await storage.WriteStateAsync(StateName, grainA, new GrainState<CounterState>(new CounterState { Count = 1 }));
        await storage.WriteStateAsync("other", grainA, new GrainState<CounterState>(new CounterState { Count = 2 }));
        await storage.WriteStateAsync(StateName, grainB, new GrainState<CounterState>(new CounterState { Count = 3 }));

        Assert.Equal(1, (await ReadAsync(storage, grainA)).State!.Count);
        Assert.Equal(2, (await ReadAsync(storage, grainA, "other")).State!.Count);
        Assert.Equal(3, (await ReadAsync(storage, grainB)).State!.Count);
    }

    [Fact]
    public async Task Write_with_stale_etag_throws_and_keeps_stored_value()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, first);

        // Two readers of version 1; the first one to write wins.
        var winner = await ReadAsync(storage, grainId);
        var loser = await ReadAsync(storage, grainId);
        winner.State = winner.State! with { Count = 2 };
        await storage.WriteStateAsync(StateName, grainId, winner);

        var staleEtag = loser.ETag;
        loser.State = loser.State! with { Count = 99 };
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, loser));

        Assert.Equal(winner.ETag, exception.StoredEtag);
        Assert.Equal(staleEtag, exception.CurrentEtag);
        Assert.Equal(staleEtag, loser.ETag);
        var stored = await ReadAsync(storage, grainId);
        Assert.Equal(2, stored.State!.Count);
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task Writing_a_new_state_over_an_existing_row_is_a_conflict()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        await storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 1 }));
        var existing = await ReadAsync(storage, grainId);

        var fresh = new GrainState<CounterState>(new CounterState { Count = 50 });
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, fresh));

        Assert.Equal(existing.ETag, exception.StoredEtag);
        Assert.Equal(1, (await ReadAsync(storage, grainId)).State!.Count);
    }

    [Fact]
    public async Task Updating_a_row_that_does_not_exist_is_a_conflict_and_creates_nothing()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var ghost = new GrainState<CounterState>(new CounterState { Count = 5 }) { ETag = "no-such-version", RecordExists = true };

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grainId, ghost));

        Assert.Equal("no-such-version", exception.CurrentEtag);
        Assert.False((await ReadAsync(storage, grainId)).RecordExists);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_writers_with_the_same_etag_exactly_one_wins(bool rowExists)
    {
        // Two provider instances on one file stand in for two silos; every write opens its own connection.
        var storages = new[] { CreateStorage(), CreateStorage() };
        const int rounds = 20;
        const int writers = 6;
        var grainId = NewGrainId();
        string? etag = null;
        if (rowExists)
        {
            var seed = new GrainState<CounterState>(new CounterState { Count = 0 });
            await storages[0].WriteStateAsync(StateName, grainId, seed);
            etag = seed.ETag;
        }

        for (var round = 0; round < rounds; round++)
        {
            if (!rowExists)
            {
                grainId = NewGrainId();
            }

            var states = Enumerable.Range(0, writers)
                .Select(i => new GrainState<CounterState>(new CounterState { Count = (round * writers) + i }) { ETag = etag, RecordExists = rowExists })
                .ToArray();
            var results = RunSimultaneously(writers, i => storages[i % storages.Length].WriteStateAsync(StateName, grainId, states[i]));

            var winner = states[Assert.Single(Enumerable.Range(0, writers), i => results[i] is null)];
            Assert.All(results.Where(r => r is not null), r => Assert.Equal(winner.ETag, Assert.IsType<InconsistentStateException>(r).StoredEtag));
            var stored = await ReadAsync(storages[round % storages.Length], grainId);
            Assert.Equal(winner.State!.Count, stored.State!.Count);
            Assert.Equal(winner.ETag, stored.ETag);
            etag = rowExists ? winner.ETag : null;
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> operations on dedicated threads released together by a barrier, so they
    /// really overlap (the thread pool would start them one by one), and returns each one's exception or null.
    /// </summary>
    private static Exception?[] RunSimultaneously(int count, Func<int, Task> operation)
    {
        var results = new Exception?[count];
        using var barrier = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            barrier.SignalAndWait();
            try
            {
                operation(i).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                results[i] = e;
            }
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        return results;
    }

    [Fact]
    public async Task Clear_deletes_the_row_and_a_later_read_finds_nothing()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 3 });
        await storage.WriteStateAsync(StateName, grainId, state);

        await storage.ClearStateAsync(StateName, grainId, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        AssertDefault(state.State);
        Assert.Equal(0L, CountRows());

        var read = await ReadAsync(storage, grainId);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Count);

        // After a clear the state is new again: a write with no ETag inserts.
        state.State = new CounterState { Count = 4 };
        await storage.WriteStateAsync(StateName, grainId, state);
        Assert.Equal(4, (await ReadAsync(storage, grainId)).State!.Count);
    }

    [Fact]
    public async Task Clear_with_stale_etag_throws_and_keeps_the_row()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();
        var first = new GrainState<CounterState>(new CounterState { Count = 1 });
        await storage.WriteStateAsync(StateName, grainId, first);
        var stale = await ReadAsync(storage, grainId);
        first.State = first.State! with { Count = 2 };
        await storage.WriteStateAsync(StateName, grainId, first);

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grainId, stale));

        Assert.Equal(first.ETag, exception.StoredEtag);
        Assert.Equal(2, (await ReadAsync(storage, grainId)).State!.Count);
    }

    [Fact]
    public async Task Clear_without_etag_is_a_no_op_when_nothing_is_stored_but_a_conflict_when_a_row_exists()
    {
        var storage = CreateStorage();
        var grainId = NewGrainId();

        await storage.ClearStateAsync(StateName, grainId, new GrainState<CounterState>());

        await storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 1 }));
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, grainId, new GrainState<CounterState>()));
        Assert.True((await ReadAsync(storage, grainId)).RecordExists);
    }

    [Fact]
    public async Task State_survives_disposing_the_provider_and_opening_a_new_one_on_the_same_file()
    {
        var grainId = NewGrainId();
        var state = new GrainState<CounterState>(new CounterState { Count = 10, Label = "before restart" });
        var first = CreateStorage();
        await first.WriteStateAsync(StateName, grainId, state);
        first.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.ReadStateAsync(StateName, grainId, new GrainState<CounterState>()));

        var second = CreateStorage();
        var read = await ReadAsync(second, grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(10, read.State!.Count);
        Assert.Equal("before restart", read.State!.Label);

        // The ETag carried over the restart is accepted by the new instance.
        read.State = read.State! with { Count = 11 };
        await second.WriteStateAsync(StateName, grainId, read);
        Assert.Equal(11, (await ReadAsync(second, grainId)).State!.Count);
    }

    [Fact]
    public async Task Initialization_is_idempotent_creates_the_table_and_enables_wal()
    {
        await CreateStorage().InitializeAsync();
        await CreateStorage().InitializeAsync();

        await using var connection = new SqliteConnection($"Data Source={_dataSource};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'grain_state';";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Service_id_scopes_rows_in_a_shared_file()
    {
        var grainId = NewGrainId();
        await CreateStorage(serviceId: "service-a").WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Count = 1 }));

        var other = await ReadAsync(CreateStorage(serviceId: "service-b"), grainId);

        Assert.False(other.RecordExists);
        Assert.True((await ReadAsync(CreateStorage(serviceId: "service-a"), grainId)).RecordExists);
    }

    [Theory]
    [InlineData(null, "DataSource")]
    [InlineData("  ", "DataSource")]
    [InlineData(":memory:", "DataSource")]
    public void Validator_names_the_missing_or_invalid_data_source(string? dataSource, string option)
    {
        var validator = new SqliteGrainStorageOptionsValidator(new SqliteGrainStorageOptions { DataSource = dataSource }, "Default");

        var exception = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains($"{nameof(SqliteGrainStorageOptions)}.{option}", exception.Message);
        Assert.Contains("'Default'", exception.Message);
    }

    [Theory]
    [InlineData("grain state")]
    [InlineData("x;DROP TABLE y")]
    [InlineData("1abc")]
    [InlineData("sqlite_master")]
    public void Validator_rejects_table_names_that_are_not_plain_identifiers(string tableName)
    {
        var options = new SqliteGrainStorageOptions { DataSource = "x.db", TableName = tableName };

        var exception = Assert.Throws<OrleansConfigurationException>(new SqliteGrainStorageOptionsValidator(options, "p").ValidateConfiguration);

        Assert.Contains(nameof(SqliteGrainStorageOptions.TableName), exception.Message);
    }

    [Fact]
    public void Validator_accepts_a_complete_configuration()
    {
        new SqliteGrainStorageOptionsValidator(new SqliteGrainStorageOptions { DataSource = "grains.db" }, "p").ValidateConfiguration();
    }

    private SqliteGrainStorage CreateStorage(string serviceId = "tests")
    {
        var options = new SqliteGrainStorageOptions { DataSource = _dataSource };
        var storage = new SqliteGrainStorage(
            "test",
            options,
            new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>()),
            _services.GetRequiredService<IActivatorProvider>(),
            Options.Create(new ClusterOptions { ServiceId = serviceId }),
            NullLogger<SqliteGrainStorage>.Instance);
        _storages.Add(storage);
        return storage;
    }

    private static void AssertDefault(CounterState? state)
    {
        Assert.NotNull(state);
        Assert.Equal(0, state.Count);
        Assert.Equal(string.Empty, state.Label);
        Assert.Empty(state.History);
    }

    private static GrainId NewGrainId() => GrainId.Create("counter", Guid.NewGuid().ToString("N"));

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId grainId, string stateName = StateName)
    {
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync(stateName, grainId, state);
        return state;
    }

    private long CountRows()
    {
        using var connection = new SqliteConnection($"Data Source={_dataSource};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state;";
        return (long)command.ExecuteScalar()!;
    }
}
