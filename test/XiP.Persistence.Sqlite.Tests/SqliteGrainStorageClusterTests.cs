using Microsoft.Data.Sqlite;
using Orleans.Hosting;
using Orleans.TestingHost;
using XiP.Tests;

namespace XiP.Persistence.Sqlite.Tests;

public sealed class SqliteGrainStorageClusterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Grain_state_written_in_one_cluster_is_read_back_by_a_new_cluster_on_the_same_file()
    {
        var dataSource = Path.Combine(_temp.Path, "cluster", "grains.db");
        // The service id is part of the row key, so both clusters must belong to the same service.
        var serviceId = $"sqlite-tests-{Guid.NewGuid():N}";

        await using (var first = await StartClusterAsync(dataSource, serviceId))
        {
            var grain = first.Client.GetGrain<IPersistentCounterGrain>("alpha");
            Assert.False(await grain.RecordExistsAsync());
            Assert.Equal(1, await grain.IncrementAsync("one"));
            Assert.Equal(2, await grain.IncrementAsync("two"));
            Assert.Equal(1, await first.Client.GetGrain<IPersistentCounterGrain>("beta").IncrementAsync("other"));
            await first.StopAllSilosAsync();
        }

        Assert.Equal(2L, CountRows(dataSource));

        await using (var second = await StartClusterAsync(dataSource, serviceId))
        {
            var restarted = second.Client.GetGrain<IPersistentCounterGrain>("alpha");

            Assert.True(await restarted.RecordExistsAsync());
            var state = await restarted.GetAsync();
            Assert.Equal(2, state.Count);
            Assert.Equal("two", state.Label);
            Assert.Equal(["one", "two"], state.History);
            // The ETag read after the restart is accepted for the next write.
            Assert.Equal(3, await restarted.IncrementAsync("three"));
            Assert.Equal(1, (await second.Client.GetGrain<IPersistentCounterGrain>("beta").GetAsync()).Count);

            await second.StopAllSilosAsync();
        }

        // The provider closes its own pooled connections when its silo stops, so nothing of this process keeps the
        // file open (and no test clears the connection pools of every other test).
        Assert.Empty(OpenFiles.Under(_temp.Path));
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string dataSource, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.AddSqliteGrainStorageAsDefault(options => options.DataSource = dataSource));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        Assert.Equal(2, cluster.Silos.Count);
        return cluster;
    }

    private static long CountRows(string dataSource)
    {
        using var connection = new SqliteConnection($"Data Source={dataSource};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM grain_state;";
        return (long)command.ExecuteScalar()!;
    }
}
