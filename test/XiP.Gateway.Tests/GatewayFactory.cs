using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace XiP.Gateway.Tests;

/// <summary>
/// The gateway in embedded mode — a co-hosted silo with SQLite state — on reserved ports
/// (<see cref="LoopbackPorts"/>) and its own data directory, so test classes run side by side and a second
/// factory on the same directory sees what the first stored.
/// </summary>
/// <remarks>
/// Every factory configures a known admin API key and its clients send it by default, so the tests go through real
/// authentication; <paramref name="apiKey"/> null leaves the keys unconfigured (the gateway then makes its own admin key).
/// </remarks>
public sealed class GatewayFactory(
    string dataDirectory, long maxBodyBytes = GatewayFactory.DefaultMaxBodyBytes, Action<IWebHostBuilder>? configure = null, string? apiKey = TestKeys.Admin)
    : WebApplicationFactory<Program>
{
    public const long DefaultMaxBodyBytes = 4L * 1024 * 1024;

    public string DataDirectory { get; } = dataDirectory;

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "xip-gateway-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("XiP:DataDirectory", DataDirectory);
        builder.UseSetting("XiP:SiloPort", LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("XiP:GatewayPort", LoopbackPorts.Reserve().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("XiP:Gateway:MaxRequestBodyBytes", maxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (apiKey is not null)
        {
            builder.UseSetting("XiP:Auth:ApiKeys:test-admin:Key", apiKey);
            builder.UseSetting("XiP:Auth:ApiKeys:test-admin:Roles", "admin");
        }

        configure?.Invoke(builder);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
    }
}

/// <summary>API keys the test gateways are configured with.</summary>
public static class TestKeys
{
    public const string Admin = "test-admin-key-0123456789";
}

/// <summary>One embedded gateway shared by the tests of a collection; its data directory is removed afterwards.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayFactory Factory { get; } = new(GatewayFactory.NewDataDirectory());

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
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = nameof(GatewayCollection);
}
