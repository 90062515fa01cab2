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

    /// <summary>The cluster's run <paramref name="runId"/> completed with this run's summary and results, bit for bit, every (trade, measure) once.</summary>
    public async Task AssertSameAsync(LocalCluster cluster, string runId, JsonElement status)
    {
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(RiskRunWorkload.Valuations, status.GetProperty("total").GetInt64());
        Assert.Equal(RiskRunWorkload.Valuations, status.GetProperty("done").GetInt64());
        Assert.Equal(Summary.GetRawText(), status.GetProperty("summary").GetRawText());

        var results = ByTrade(await RiskRunWorkload.ReadResultsAsync(cluster.Gateway, runId));
        var expected = ByTrade(Results);
        Assert.Equal(RiskRunWorkload.Trades * RiskRunWorkload.Measures.Length, results.Count);
        Assert.True(results.Keys.ToHashSet().SetEquals(expected.Keys), "the cluster run has other (trade, measure) keys than the embedded run");
        foreach (var (key, value) in expected)
        {
            AssertSameBits(value, results[key], $"{key}");
        }
    }

    // Each run stores its own book: trades are compared by their number in the book.
    private static Dictionary<(string Trade, string Measure), JsonElement> ByTrade(Dictionary<(string Trade, string Measure), JsonElement> results) =>
        results.ToDictionary(r => (r.Key.Trade[(r.Key.Trade.LastIndexOf("-t", StringComparison.Ordinal) + 2)..], r.Key.Measure), r => r.Value);

    private static void AssertSameBits(JsonElement expected, JsonElement got, string what)
    {
        Assert.Equal(expected.GetProperty("error").ValueKind, got.GetProperty("error").ValueKind);
        var expectedValues = expected.GetProperty("values");
        var gotValues = got.GetProperty("values");
        Assert.Equal(expectedValues.ValueKind, gotValues.ValueKind);
        if (expectedValues.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var a = expectedValues.EnumerateArray().Select(v => BitConverter.DoubleToInt64Bits(v.GetDouble())).ToArray();
        var b = gotValues.EnumerateArray().Select(v => BitConverter.DoubleToInt64Bits(v.GetDouble())).ToArray();
        Assert.True(a.SequenceEqual(b), $"{what}: the values differ from the embedded run's");
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
