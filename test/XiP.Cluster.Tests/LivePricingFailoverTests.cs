using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace XiP.Cluster.Tests;

/// <summary>
/// A live market and its subscription survive the loss of the silo pricing the subscription's live book: it is made
/// again from stored state on the other silo, the version carries on, the values are again POST /v1/price's bits, and
/// updates reach event streams through the cluster's gateway, one opened before the loss and one after.
/// </summary>
public sealed class LivePricingFailoverTests(ITestOutputHelper output)
{
    private const int Silos = 2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private static readonly string[] Measures = ["pv", "delta"];

    // a killed silo is declared dead after two missed probes of 5 s (as in the silo-loss tests)
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["XiP__Membership__ProbeTimeout"] = "00:00:05",
        ["XiP__Membership__NumMissedProbesLimit"] = "2",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    [Fact]
    public Task Killing_the_silo_hosting_a_subscription_loses_neither_it_nor_its_live_market() =>
        LocalCluster.RunAsync(Silos, Settings, output, async cluster =>
        {
            var tag = Guid.NewGuid().ToString("N")[..12];
            var book = "live-" + tag;
            var trades = new JsonArray(Trade(Requests.European(), book, "acme"), Trade(Requests.Swap(), book, "swap"), Trade(Requests.Bond(), book, "bond"));
            (await cluster.Gateway.PostAsJsonAsync("/v1/trades", trades)).EnsureSuccessStatusCode();
            var market = "lm-" + tag;
            (await cluster.Gateway.PutAsJsonAsync($"/v1/live-markets/{market}", Requests.MarketData())).EnsureSuccessStatusCode();
            var created = await cluster.Gateway.PostAsJsonAsync("/v1/subscriptions", new JsonObject { ["book"] = book, ["liveMarket"] = market, ["measures"] = new JsonArray("pv", "delta") });
            created.EnsureSuccessStatusCode();
            var subscription = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!;
            var before = await GetAsync(cluster, $"/v1/subscriptions/{subscription}");
            await using var opened = await EventStream.OpenAsync(cluster.Gateway, $"/v1/subscriptions/{subscription}/events");
            Assert.Equal(3, (await opened.NextAsync()).GetProperty("changed").GetArrayLength());
            var tick = await PatchAsync(cluster, market, 130.25);
            Assert.Equal([$"{book}-acme"], Changed(await opened.UntilVersionAsync(tick)));

            var host = await HostOfAsync(cluster, "LiveBookGrain");
            await cluster.KillSiloAsync(host, "KILL");

            // a tick sent while the dead silo is not yet declared dead may fail: it is sent again until one is taken
            var version = await RetryAsync(async () =>
            {
                using var patched = await cluster.Gateway.PatchAsJsonAsync($"/v1/live-markets/{market}", new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 131.5 } } });
                return patched.IsSuccessStatusCode ? (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64() : (long?)null;
            });
            Assert.True(version > before.GetProperty("version").GetInt64());

            var after = await RetryAsync(async () =>
            {
                var view = await GetAsync(cluster, $"/v1/subscriptions/{subscription}");
                return view.GetProperty("version").GetInt64() == version ? view : (JsonElement?)null;
            });
            var live = await GetAsync(cluster, $"/v1/live-markets/{market}");
            Assert.Equal(version, live.GetProperty("version").GetInt64());
            await AssertSameAsPriceAsync(cluster, after, live.GetProperty("marketData"), trades);
            Assert.NotEqual(host, await HostOfAsync(cluster, "LiveBookGrain"));

            await using var reopened = await EventStream.OpenAsync(cluster.Gateway, $"/v1/subscriptions/{subscription}/events");
            Assert.Equal(version, (await reopened.NextAsync()).GetProperty("version").GetInt64());
            var next = await PatchAsync(cluster, market, 129.75);
            Assert.Equal([$"{book}-acme"], Changed(await reopened.UntilVersionAsync(next)));
            Assert.True((await opened.UntilVersionAsync(next)).GetProperty("version").GetInt64() >= next);
        });

    private static async Task<long> PatchAsync(LocalCluster cluster, string market, double spot)
    {
        using var patched = await cluster.Gateway.PatchAsJsonAsync($"/v1/live-markets/{market}", new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = spot } } });
        patched.EnsureSuccessStatusCode();
        return (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    private static List<string> Changed(JsonElement update) =>
        [.. update.GetProperty("changed").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()!)];

    private static JsonObject Trade(JsonObject trade, string book, string name)
    {
        trade["id"] = $"{book}-{name}";
        trade["book"] = book;
        return trade;
    }

    private static async Task<JsonElement> GetAsync(LocalCluster cluster, string path) =>
        JsonDocument.Parse(await cluster.Gateway.GetStringAsync(path)).RootElement;

    // the silo (index from 1) whose activations include the grain class
    private static async Task<int> HostOfAsync(LocalCluster cluster, string grainClass)
    {
        var view = await GetAsync(cluster, "/v1/cluster");
        var silo = view.GetProperty("silos").EnumerateArray()
            .Single(s => s.GetProperty("status").GetString() == "active" && s.GetProperty("activations").EnumerateObject().Any(a => a.Name.Contains(grainClass, StringComparison.Ordinal)));
        return cluster.SiloAt(silo.GetProperty("address").GetString()!);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T?>> attempt)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Within)
        {
            try
            {
                if (await attempt() is { } done)
                {
                    return done;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // the cluster is reorganising: the next attempt tells
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"not done within {Within}");
    }

    private static async Task AssertSameAsPriceAsync(LocalCluster cluster, JsonElement subscription, JsonElement marketData, JsonArray trades)
    {
        var request = new JsonObject
        {
            ["marketData"] = JsonNode.Parse(marketData.GetRawText()),
            ["trades"] = JsonNode.Parse(trades.ToJsonString()),
            ["measures"] = new JsonArray([.. Measures.Select(m => (JsonNode)m)]),
        };
        using var response = await cluster.Gateway.PostAsJsonAsync("/v1/price", request);
        response.EnsureSuccessStatusCode();
        var priced = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("tradeId").GetString()!, r => r.GetProperty("values"));
        var rows = subscription.GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal(priced.Count, rows.Count);
        foreach (var row in rows)
        {
            var expected = priced[row.GetProperty("tradeId").GetString()!];
            foreach (var value in expected.EnumerateObject())
            {
                Assert.Equal(
                    BitConverter.DoubleToInt64Bits(value.Value.GetDouble()),
                    BitConverter.DoubleToInt64Bits(row.GetProperty("values").GetProperty(value.Name).GetDouble()));
            }
        }
    }
}
