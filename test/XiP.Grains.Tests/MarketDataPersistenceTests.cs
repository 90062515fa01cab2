using XiP.Abstractions.MarketData;
using XiP.Hosting;
using XiP.Tests;

namespace XiP.Grains.Tests;

/// <summary>
/// Snapshots kept by XiP's SQLite grain storage (<c>XiP:GrainStorage=sqlite</c>, as embedded mode runs)
/// outlive the cluster that stored them.
/// </summary>
public sealed class MarketDataPersistenceTests : IDisposable
{
    // The service id scopes every stored row, so both clusters must share it.
    private const string ServiceId = "xip-grains-tests";

    private static readonly DateTimeOffset StoredAt = new(2024, 1, 15, 7, 45, 0, TimeSpan.FromHours(1));

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"xip-grains-tests-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task ASnapshotStoredInSqliteIsReadBackByANewClusterOnTheSameFile()
    {
        var snapshot = MarketDataGrainTests.Snapshot();

        await using (var first = await StartClusterAsync(new FixedClock(StoredAt)))
        {
            Assert.Equal(StoreOutcome.Created, await first.Client.GetGrain<IMarketDataGrain>("md-persisted").PutAsync(snapshot));
        }

        Assert.True(File.Exists(Path.Combine(_dataDirectory, "xip.db")));

        // A later clock: what the second cluster returns can only be what the first one stored.
        await using (var second = await StartClusterAsync(new FixedClock(StoredAt.AddDays(1))))
        {
            var grain = second.Client.GetGrain<IMarketDataGrain>("md-persisted");
            var stored = await grain.GetAsync();

            Assert.NotNull(stored);
            Assert.Equal("md-persisted", stored.Id);
            Assert.Equal(StoredAt, stored.StoredAt);
            Assert.Equal(StoredAt.Offset, stored.StoredAt.Offset);
            Assert.Equal(Canonical.Of(snapshot), Canonical.Of(stored.Snapshot));
            Assert.Equal(StoreOutcome.Unchanged, await grain.PutAsync(MarketDataGrainTests.Snapshot(reversed: true)));
            Assert.Equal(StoreOutcome.Conflict, await grain.PutAsync(snapshot with { ValuationDate = snapshot.ValuationDate.AddDays(1) }));
            Assert.Null(await second.Client.GetGrain<IMarketDataGrain>("md-never-stored").GetAsync());
        }

        // The stores close their own pooled connections when their silos stop, so nothing of this process keeps the
        // data directory's files open (and no test clears the connection pools of every other test).
        Assert.Empty(OpenFiles.Under(_dataDirectory));
    }

    private async Task<Orleans.TestingHost.InProcessTestCluster> StartClusterAsync(TimeProvider clock)
    {
        var cluster = XiPTestCluster.Create(
            new Dictionary<string, string?>
            {
                ["XiP:GrainStorage"] = GrainStorageProviders.Sqlite,
                ["XiP:DataDirectory"] = _dataDirectory,
            },
            clock,
            ServiceId);
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        Assert.Equal(XiPTestCluster.SiloCount, cluster.GetActiveSilos().Count());
        return cluster;
    }
}
