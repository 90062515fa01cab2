using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Live markets, books and subscriptions as the live-pricing tests build them.</summary>
internal static class LiveClient
{
    public static readonly string[] Measures = ["pv", "delta", "vega", "pv01", "parRate", "cleanPrice"];

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    /// <summary>The shared test market with a second equity, so a tick on one equity has trades it must leave alone.</summary>
    public static JsonObject Market()
    {
        var market = Requests.MarketData();
        market["equities"]!["BETA"] = new JsonObject { ["spot"] = 42.5, ["dividendYield"] = 0.01, ["volatility"] = 0.3 };
        return market;
    }

    /// <summary>Options on ACME and BETA, a swap on USD-SOFR and a bond on EUR-ESTR, stored in <paramref name="book"/>.</summary>
    public static async Task<JsonArray> StoreBookAsync(HttpClient client, string book)
    {
        JsonObject Option(JsonObject trade, string id, string underlying, double strike)
        {
            trade["id"] = $"{book}-{id}";
            trade["book"] = book;
            trade["underlying"] = underlying;
            trade["strike"] = strike;
            return trade;
        }

        JsonObject Other(JsonObject trade, string id)
        {
            trade["id"] = $"{book}-{id}";
            trade["book"] = book;
            return trade;
        }

        var trades = new JsonArray(
            Option(Requests.European(), "acme-call", "ACME", 127.2),
            Option(Requests.Asian(), "acme-asian", "ACME", 128.0),
            Option(Requests.European(), "beta-call", "BETA", 40.0),
            Other(Requests.Swap(), "swap-sofr"),
            Other(Requests.Bond(), "bond-estr"),
            Option(Requests.European(), "acme-call-2", "ACME", 140.0));
        var response = await client.PostAsJsonAsync("/v1/trades", trades);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return trades;
    }

    public static async Task<long> PutMarketAsync(HttpClient client, string name, JsonObject market)
    {
        using var response = await client.PutAsJsonAsync($"/v1/live-markets/{name}", market);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    public static async Task<long> PatchAsync(HttpClient client, string name, JsonObject patch)
    {
        using var response = await client.PatchAsJsonAsync($"/v1/live-markets/{name}", patch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64();
    }

    public static async Task<string> SubscribeAsync(HttpClient client, string book, string liveMarket)
    {
        var body = new JsonObject { ["book"] = book, ["liveMarket"] = liveMarket, ["measures"] = new JsonArray([.. Measures.Select(m => (JsonNode)m)]) };
        using var response = await client.PostAsJsonAsync("/v1/subscriptions", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!;
    }

    public static Task<JsonElement> GetAsync(HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>
    /// Checks that <paramref name="subscription"/> holds, for every trade, the very bits <c>POST /v1/price</c> gives on
    /// <paramref name="marketData"/>, and that its totals add the additive measures in book order.
    /// </summary>
    public static async Task AssertPricedAsByPriceAsync(HttpClient client, JsonElement subscription, JsonElement marketData, JsonArray trades)
    {
        var request = new JsonObject
        {
            ["marketData"] = JsonNode.Parse(marketData.GetRawText()),
            ["trades"] = JsonNode.Parse(trades.ToJsonString()),
            ["measures"] = new JsonArray([.. Measures.Select(m => (JsonNode)m)]),
        };
        using var response = await client.PostAsJsonAsync("/v1/price", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var priced = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("tradeId").GetString()!);

        var rows = subscription.GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal(priced.Count, rows.Count);
        foreach (var row in rows)
        {
            var id = row.GetProperty("tradeId").GetString()!;
            var expected = priced[id];
            Assert.Equal(Bits(expected.GetProperty("values")), Bits(row.GetProperty("values")));
            Assert.Equal(expected.GetProperty("errors").GetRawText(), row.GetProperty("errors").GetRawText());
        }

        foreach (var total in subscription.GetProperty("totals").EnumerateObject())
        {
            var sum = 0.0;
            foreach (var row in rows)
            {
                if (row.GetProperty("values").TryGetProperty(total.Name, out var value))
                {
                    sum += value.GetDouble();
                }
            }

            Assert.Equal(BitConverter.DoubleToInt64Bits(sum), BitConverter.DoubleToInt64Bits(total.Value.GetDouble()));
        }
    }

    public static List<(string Measure, long Bits)> Bits(JsonElement values) =>
        [.. values.EnumerateObject().Select(v => (v.Name, BitConverter.DoubleToInt64Bits(v.Value.GetDouble())))];
}

/// <summary>An open subscription event stream read one event at a time; disposing it drops the connection.</summary>
internal sealed class LiveEventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource timeout) : IAsyncDisposable
{
    public static async Task<LiveEventStream> OpenAsync(HttpClient client, string subscriptionId, string? lastEventId = null)
    {
        var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/subscriptions/{subscriptionId}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        return new LiveEventStream(response, SseParser.Create(stream).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token), timeout);
    }

    public async Task<ServerSentEvent> NextAsync()
    {
        Assert.True(await items.MoveNextAsync(), "the stream ended");
        Assert.Equal("update", items.Current.EventType);
        return new ServerSentEvent(long.Parse(items.Current.EventId!, CultureInfo.InvariantCulture), items.Current.EventType, JsonDocument.Parse(items.Current.Data).RootElement);
    }

    /// <summary>Reads the updates still sent until the server ends the stream (within the stream's one-minute limit).</summary>
    public async Task<int> UntilEndAsync()
    {
        var more = 0;
        while (await items.MoveNextAsync())
        {
            more++;
        }

        return more;
    }

    /// <summary>Updates until one at <paramref name="version"/> or later (earlier ones may be coalesced into it, never after it).</summary>
    public async Task<List<ServerSentEvent>> UntilVersionAsync(long version)
    {
        var events = new List<ServerSentEvent>();
        do
        {
            events.Add(await NextAsync());
        }
        while (events[^1].Data.GetProperty("version").GetInt64() < version);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await items.DisposeAsync();
        response.Dispose();
        timeout.Dispose();
    }
}
