using XiP.Client;

namespace XiP.Cli.Tests;

/// <summary>One embedded platform shared by the tests of the collection; its data directory is removed afterwards.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformFactory Factory { get; } = new(PlatformFactory.NewDataDirectory());

    /// <summary>Plain HTTP to the gateway: the oracle the CLI's output is checked against.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The typed client, for setting up what a test needs.</summary>
    public XiPClient Client { get; private set; } = null!;

    /// <summary>Runs <c>xip</c> in-process against this platform.</summary>
    public Task<CliOutcome> XipAsync(params string[] args) =>
        CliOutcome.RunAsync(url => new HttpClient(Factory.Server.CreateHandler()) { BaseAddress = url }, args);

    public Task InitializeAsync()
    {
        Http = Factory.CreateDefaultClient();
        Client = new XiPClient(Http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(Factory.DataDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = nameof(PlatformCollection);
}
