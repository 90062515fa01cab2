using Orleans.TestingHost;
using XiP.Hosting;

namespace XiP.Grains.Tests;

/// <summary>One two-silo cluster with memory grain storage, shared by every test of <see cref="ClusterCollection"/>.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>The wall time every silo's <see cref="TimeProvider"/> reports.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public InProcessTestCluster Cluster { get; } = XiPTestCluster.Create(
        new Dictionary<string, string?> { ["XiP:GrainStorage"] = GrainStorageProviders.Memory },
        new FixedClock(Now));

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        await Cluster.DeployAsync();
        Assert.Equal(XiPTestCluster.SiloCount, Cluster.GetActiveSilos().Count());
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = nameof(ClusterCollection);
}
