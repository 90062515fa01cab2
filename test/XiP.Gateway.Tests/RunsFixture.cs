using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XiP.Grains.Runs;

namespace XiP.Gateway.Tests;

/// <summary>An embedded gateway with small batches (many per run) and a fault injector the tests steer.</summary>
public sealed class RunsFixture : IAsyncLifetime
{
    public const int MaxConcurrentRuns = 3;

    public RunsFixture() => Factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
    {
        builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
        builder.UseSetting("XiP:Runs:MaxConcurrentRuns", MaxConcurrentRuns.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // keep-alive comments between the events of every run here, not only of a run held quiet
        builder.UseSetting("XiP:Gateway:EventKeepAlive", "00:00:00.1");
        builder.ConfigureTestServices(services => services.AddSingleton<IBatchFaultInjector>(Faults));
    });

    public GatedFaults Faults { get; } = new();

    public GatewayFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(Factory.DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RunsCollection : ICollectionFixture<RunsFixture>
{
    public const string Name = nameof(RunsCollection);
}
