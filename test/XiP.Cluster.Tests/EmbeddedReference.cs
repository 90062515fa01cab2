using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace XiP.Cluster.Tests;

/// <summary>
/// The workload's run in embedded mode (gateway and one silo in this process, SQLite state): the results
/// every cluster run must reproduce bit for bit, computed once for the test class.
/// </summary>
public sealed class EmbeddedReference : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "xip-cluster-tests", "embedded-" + Guid.NewGuid().ToString("N"));

    public Dictionary<(string Trade, string Measure), JsonElement> Results { get; private set; } = [];

    public JsonElement Summary { get; private set; }

    public async Task InitializeAsync()
    {
        await using var factory = new EmbeddedGateway(_dataDirectory);
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        var runId = await RiskRunWorkload.SubmitAsync(client);
        var status = await RiskRunWorkload.WaitForStatusAsync(client, runId, s => s.GetProperty("status").GetString() == "completed", TimeSpan.FromMinutes(2));
        Summary = status.GetProperty("summary").Clone();
        Results = (await RiskRunWorkload.ReadResultsAsync(client, runId)).ToDictionary(r => r.Key, r => r.Value.Clone());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    private sealed class EmbeddedGateway(string dataDirectory) : WebApplicationFactory<Program>
    {
        private const string ApiKey = "embedded-reference-admin-key";

        protected override void ConfigureClient(HttpClient client)
        {
            base.ConfigureClient(client);
            client.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("XiP:Auth:ApiKeys:reference:Key", ApiKey);
            builder.UseSetting("XiP:Auth:ApiKeys:reference:Roles", "admin");
            builder.UseSetting("XiP:DataDirectory", dataDirectory);
            builder.UseSetting("XiP:SiloPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("XiP:GatewayPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("XiP:Runs:ValuationsPerBatch", RiskRunWorkload.ValuationsPerBatch.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
