using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// A cluster as sites run it: three silos and a gateway against a PostgreSQL with its stock settings (100
/// connections). A 100,000-trade upload and a run over it complete, and no moment of it needs more connections
/// than the server has: every host's pools are bounded (README, "Cluster mode").
/// </summary>
public sealed class StockServerTests(ITestOutputHelper output)
{
    private const int Trades = 100_000;
    private const int Scenarios = 4;

    [Fact]
    public async Task A_hundred_thousand_trade_upload_and_a_run_over_it_complete_within_the_servers_connections()
    {
        var limit = await ScalarAsync<string>("SHOW max_connections");
        Assert.Equal("100", limit);

        await LocalCluster.RunAsync(3, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, output, async cluster =>
        {
            cluster.Gateway.Timeout = TimeSpan.FromMinutes(5);

            using var sampling = new CancellationTokenSource();
            var peak = SamplePeakConnectionsAsync(sampling.Token);
            try
            {
                var tag = Guid.NewGuid().ToString("N");
                var book = "book-" + tag;
                var ndjson = new StringBuilder(Trades * 200);
                for (var i = 0; i < Trades; i++)
                {
                    ndjson.Append(CultureInfo.InvariantCulture, $$"""{"id":"{{book}}-{{i:D6}}","type":"europeanOption","book":"{{book}}","underlying":"ACME","optionType":"{{(i % 2 == 0 ? "call" : "put")}}","strike":{{90 + i % 40}},"expiry":"{{new DateOnly(2024, 2, 1).AddDays(i % 1500):yyyy-MM-dd}}","discountCurve":"USD-FLAT"}""").Append('\n');
                }

                using (var content = new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson"))
                {
                    var stored = await cluster.Gateway.PostAsync("/v1/trades", content);
                    Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());
                    Assert.Equal(Trades, JsonDocument.Parse(await stored.Content.ReadAsStringAsync()).RootElement.GetProperty("stored").GetInt32());
                }

                (await cluster.Gateway.PutAsJsonAsync($"/v1/market-data/md-{tag}", Requests.MarketData())).EnsureSuccessStatusCode();
                var set = new JsonObject { ["generate"] = new JsonObject { ["count"] = Scenarios, ["seed"] = 3, ["spotRelativeStdDev"] = 0.02 } };
                (await cluster.Gateway.PutAsJsonAsync($"/v1/scenario-sets/ss-{tag}", set)).EnsureSuccessStatusCode();
                var run = new JsonObject { ["book"] = book, ["marketDataId"] = $"md-{tag}", ["scenarioSetId"] = $"ss-{tag}", ["measures"] = new JsonArray("pv") };
                var submitted = await cluster.Gateway.PostAsJsonAsync("/v1/runs", run);
                Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
                var runId = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;

                var status = await RiskRunWorkload.WaitUntilOverAsync(cluster.Gateway, runId, TimeSpan.FromMinutes(5));
                Assert.Equal("completed", status.GetProperty("status").GetString());
                Assert.Equal((long)Trades * (Scenarios + 1), status.GetProperty("done").GetInt64());
                Assert.Equal(0, status.GetProperty("failed").GetInt64());

                // progress through the cluster gateway: the events of an ended run are its terminal one, then the end
                var events = await cluster.Gateway.GetStringAsync($"/v1/runs/{runId}/events");
                Assert.Contains("event: completed", events, StringComparison.Ordinal);
                Assert.Contains($"\"runId\":\"{runId}\"", events, StringComparison.Ordinal);

                var first = await cluster.Gateway.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}/results?limit=3");
                Assert.Equal(3, first.GetProperty("items").GetArrayLength());
                Assert.Equal($"{book}-000000", first.GetProperty("items")[0].GetProperty("tradeId").GetString());

                // having uploaded, run and read results, the cluster-mode gateway is still only an Orleans client
                var loaded = cluster.GatewayAssemblies();
                Assert.Contains("XiP.Gateway.dll", loaded);
                Assert.Contains("Orleans.Core.dll", loaded);
                Assert.Empty(loaded.Intersect(SiloOnlyAssemblies));
            }
            finally
            {
                await sampling.CancelAsync();
            }

            Assert.InRange(await peak, 1, 99);
        });
    }

    private static readonly string[] SiloOnlyAssemblies =
    [
        "XiP.Hosting.dll", "XiP.Grains.dll", "XiP.Pricing.dll", "XiP.Numerics.dll", "XiP.Trades.dll", "XiP.Results.dll",
        "XiP.Results.Sqlite.dll", "XiP.Results.Postgres.dll", "XiP.Results.Mongo.dll", "XiP.Persistence.Sqlite.dll",
        "Orleans.Persistence.AdoNet.dll", "Microsoft.Data.Sqlite.dll", "MongoDB.Driver.dll",
    ];

    // Samples the server's connections while the cluster works; the peak must stay under the stock limit.
    private static async Task<long> SamplePeakConnectionsAsync(CancellationToken stop)
    {
        long peak = 0;
        await using var connection = new NpgsqlConnection(XiP.Tests.PostgresServer.ConnectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", connection);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                peak = Math.Max(peak, (long)(await command.ExecuteScalarAsync(CancellationToken.None))!);
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException)
        {
            // sampling ends with the test
        }

        return peak;
    }

    private static async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(XiP.Tests.PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
