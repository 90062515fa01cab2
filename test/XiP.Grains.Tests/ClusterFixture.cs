using Orleans.TestingHost;
using XiP.Hosting;

namespace XiP.Grains.Tests;

/// <summary>One two-silo cluster with memory grain storage, shared by every test of <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The wall time every silo's <see cref="TimeProvider"/> reports.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public ClusterFixture() => Cluster = XiPTestCluster.Create(
        new Dictionary<string, string?>
        {
            ["XiP:GrainStorage"] = GrainStorageProviders.Memory,
            ["XiP:DataDirectory"] = DataDirectory,
            ["XiP:Runs:ValuationsPerBatch"] = "1",
        },
        new FixedClock(Now));

    /// <summary>Where the run result store's file lives; removed with the cluster.</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "xip-grain-tests", Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        Assert.Equal(XiPTestCluster.SiloCount, Cluster.GetActiveSilos().Count());
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = nameof(ClusterCollection);
}
