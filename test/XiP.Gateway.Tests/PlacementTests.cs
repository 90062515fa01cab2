using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>
/// Placement on the embedded silo: a drained silo takes no batches and a run waits for one that does; a silo without
/// the compute role prices nothing, and a run there fails once the role wait is over, saying so.
/// </summary>
public sealed class PlacementTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_run_waits_while_the_only_compute_silo_is_drained_and_completes_there_once_it_is_undrained()
    {
        await using var gateway = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: b => b.UseSetting("XiP:Runs:ValuationsPerBatch", "64"));
        using var client = gateway.CreateClient();
        try
        {
            var silo = (await client.GetFromJsonAsync<JsonElement>("/v1/cluster")).GetProperty("silos")[0].GetProperty("address").GetString()!;
            using var drained = await client.PostAsync($"/v1/cluster/silos/{Uri.EscapeDataString(silo)}/drain", null);
            Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
            Assert.True((await drained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("drained").GetBoolean());

            var (runId, _) = await RunClient.SubmitAsync(client, await RunAsync(client, trades: 130));
            var waiting = await StatusAsync(client, runId, s => s.TryGetProperty("waitingFor", out var role) && role.GetString() == "compute");
            Assert.Equal("pending", waiting.GetProperty("status").GetString());
            Assert.Equal(0, waiting.GetProperty("done").GetInt64());

            using var undrained = await client.PostAsync($"/v1/cluster/silos/{Uri.EscapeDataString(silo)}/undrain", null);
            Assert.False((await undrained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("drained").GetBoolean());
            Assert.Equal("completed", (await RunClient.ReadEventsAsync(client, runId))[^1].Event);

            var status = await client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
            Assert.False(status.TryGetProperty("waitingFor", out _));
            var bySilo = status.GetProperty("batchesBySilo").EnumerateObject().ToList();
            Assert.Equal(silo, Assert.Single(bySilo).Name);
            Assert.Equal(status.GetProperty("shape").GetProperty("batches").GetInt32(), bySilo[0].Value.GetInt32());
        }
        finally
        {
            Directory.Delete(gateway.DataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_compute_silo_a_run_fails_after_the_role_wait_and_the_cluster_names_the_missing_role()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            // the inputs are stored while the silo has both roles (storing market data calibrates it on a compute silo)
            JsonObject run;
            await using (var both = new GatewayFactory(directory))
            {
                using var setup = both.CreateClient();
                run = await RunAsync(setup, trades: 3);
            }

            await using var gateway = new GatewayFactory(directory, configure: b =>
            {
                b.UseSetting("XiP:Silo:Roles", "control");
                b.UseSetting("XiP:Placement:RoleWaitTimeout", "00:00:01");
            });
            using var client = gateway.CreateClient();
            var cluster = await client.GetFromJsonAsync<JsonElement>("/v1/cluster");
            Assert.Equal(["compute"], cluster.GetProperty("missingRoles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(["control"], cluster.GetProperty("silos")[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

            var (runId, _) = await RunClient.SubmitAsync(client, run);
            var events = await RunClient.ReadEventsAsync(client, runId);

            Assert.Equal("failed", events[^1].Event);
            var error = (await client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("error").GetString();
            Assert.Contains("'compute' role", error, StringComparison.Ordinal);
            Assert.Contains("XiP:Placement:RoleWaitTimeout", error, StringComparison.Ordinal);

            // synchronous pricing needs a compute silo too: the client is told to come back, not that the server broke
            using var price = await client.PostAsync("/v1/price", Requests.Price());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, price.StatusCode);
            Assert.Contains("missingRoles", await price.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, int trades)
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var array = new JsonArray();
        for (var i = 0; i < trades; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-t{i:D4}";
            trade["book"] = book;
            array.Add(trade);
        }

        await RunClient.StoreTradesAsync(client, array);
        var marketDataId = await RunClient.StoreMarketDataAsync(client, Requests.MarketData());
        return new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv") };
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, string runId, Func<JsonElement, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        JsonElement status;
        do
        {
            status = await client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(50);
        }
        while (clock.Elapsed < Within);

        throw new TimeoutException($"run {runId} did not reach the state within {Within}: {status.GetRawText()}");
    }
}
