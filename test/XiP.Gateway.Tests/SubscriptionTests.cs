using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Subscriptions: values as POST /v1/price gives them, only dependents re-priced, updates in order, reconnects consistent.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SubscriptionTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task AfterASequenceOfPatchesEveryValueIsTheBitsOfPriceOnTheMarketAtThatVersion()
    {
        var (book, trades, market, subscription) = await SetUpAsync();
        JsonObject[] patches =
        [
            new() { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 129.1 } } },
            new() { ["curves"] = new JsonObject { ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.051 } } },
            new() { ["equities"] = new JsonObject { ["BETA"] = new JsonObject { ["volatility"] = 0.35, ["dividendYield"] = 0.02 } } },
            new() { ["curves"] = new JsonObject { ["USD-FLAT"] = new JsonObject { ["flatRate"] = 0.047 } }, ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 127.0 } } },
        ];

        foreach (var patch in patches)
        {
            var version = await LiveClient.PatchAsync(Client, market, patch);
            var view = await LiveClient.GetAsync(Client, $"/v1/subscriptions/{subscription}");
            var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");

            Assert.Equal(version, view.GetProperty("version").GetInt64());
            Assert.Equal(version, live.GetProperty("version").GetInt64());
            await LiveClient.AssertPricedAsByPriceAsync(Client, view, live.GetProperty("marketData"), trades);
        }

        var rows = (await LiveClient.GetAsync(Client, $"/v1/subscriptions/{subscription}")).GetProperty("trades").EnumerateArray();
        Assert.All(rows, r => Assert.StartsWith(book, r.GetProperty("tradeId").GetString()));
    }

    [Fact]
    public async Task TotalsAreOfAdditiveMeasuresOnly()
    {
        var (_, _, _, subscription) = await SetUpAsync();

        var totals = (await LiveClient.GetAsync(Client, $"/v1/subscriptions/{subscription}")).GetProperty("totals");

        Assert.Equal(["pv", "delta", "vega", "pv01"], totals.EnumerateObject().Select(t => t.Name));
    }

    [Fact]
    public async Task ASpotTickOnAcmeUpdatesOnlyAcmeOptionsAndACurveChangeOnlyTheTradesOnThatCurve()
    {
        var (book, _, market, subscription) = await SetUpAsync();
        await using var events = await LiveEventStream.OpenAsync(Client, subscription);
        var first = await events.NextAsync();
        Assert.Equal(6, first.Data.GetProperty("changed").GetArrayLength());

        var spotTick = await LiveClient.PatchAsync(Client, market, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 131.5 } } });
        var afterSpot = (await events.UntilVersionAsync(spotTick))[^1];
        var curveTick = await LiveClient.PatchAsync(Client, market, new JsonObject { ["curves"] = new JsonObject { ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.06 } } });
        var afterCurve = (await events.UntilVersionAsync(curveTick))[^1];

        Assert.Equal(spotTick, afterSpot.Data.GetProperty("version").GetInt64());
        Assert.Equal([$"{book}-acme-asian", $"{book}-acme-call", $"{book}-acme-call-2"], Changed(afterSpot));
        Assert.Equal([$"{book}-swap-sofr"], Changed(afterCurve));
    }

    [Fact]
    public async Task UpdatesComeInVersionOrderWithIncreasingIdsAndAReconnectStartsFromTheWholeCurrentState()
    {
        var (_, trades, market, subscription) = await SetUpAsync();
        var events = await LiveEventStream.OpenAsync(Client, subscription);
        var seen = new List<ServerSentEvent> { await events.NextAsync() };
        long last = 0;
        for (var i = 1; i <= 5; i++)
        {
            last = await LiveClient.PatchAsync(Client, market, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 120.0 + i } } });
        }

        seen.AddRange(await events.UntilVersionAsync(last));
        await events.DisposeAsync();

        var versions = seen.ConvertAll(e => e.Data.GetProperty("version").GetInt64());
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Id < p.Second.Id));
        Assert.Equal(last, versions[^1]);

        var tick = await LiveClient.PatchAsync(Client, market, new JsonObject { ["curves"] = new JsonObject { ["USD-FLAT"] = new JsonObject { ["flatRate"] = 0.04 } } });
        await using var resumed = await LiveEventStream.OpenAsync(Client, subscription, seen[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var current = await resumed.NextAsync();

        Assert.Equal(tick, current.Data.GetProperty("version").GetInt64());
        Assert.True(current.Id > seen[^1].Id);
        Assert.Equal(6, current.Data.GetProperty("changed").GetArrayLength());
        var asView = new JsonObject
        {
            ["trades"] = JsonNode.Parse(current.Data.GetProperty("changed").GetRawText()),
            ["totals"] = JsonNode.Parse(current.Data.GetProperty("totals").GetRawText()),
        };
        var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");
        Assert.Equal(tick, live.GetProperty("version").GetInt64());
        await LiveClient.AssertPricedAsByPriceAsync(Client, JsonSerializer.SerializeToElement(asView), live.GetProperty("marketData"), trades);
    }

    [Fact]
    public async Task ADeletedSubscriptionIsGone()
    {
        var (_, _, _, subscription) = await SetUpAsync();

        using var deleted = await Client.DeleteAsync($"/v1/subscriptions/{subscription}");
        using var get = await Client.GetAsync($"/v1/subscriptions/{subscription}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ASubscriptionToAnUnknownLiveMarketOrWithAnUnknownMeasureIs400NamingTheField()
    {
        using var market = await Client.PostAsJsonAsync("/v1/subscriptions", new JsonObject { ["book"] = "b", ["liveMarket"] = LiveClient.NewName("none"), ["measures"] = new JsonArray("pv") });
        using var measure = await Client.PostAsJsonAsync("/v1/subscriptions", new JsonObject { ["book"] = "b", ["liveMarket"] = "x", ["measures"] = new JsonArray("pv", "colour") });

        Assert.Equal(HttpStatusCode.BadRequest, market.StatusCode);
        Assert.True((await market.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("liveMarket", out _));
        Assert.Equal(HttpStatusCode.BadRequest, measure.StatusCode);
        Assert.True((await measure.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("measures[1]", out _));
    }

    private static List<string> Changed(ServerSentEvent update) =>
        [.. update.Data.GetProperty("changed").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_trade_stored_or_changed_in_the_book_while_subscribed_is_priced_at_the_current_version_and_sent()
    {
        var (book, trades, market, subscription) = await SetUpAsync();
        var version = await LiveClient.PatchAsync(Client, market, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 130.25 } } });
        await using var events = await LiveEventStream.OpenAsync(Client, subscription);
        var first = await events.NextAsync();
        Assert.Equal(version, first.Data.GetProperty("version").GetInt64());

        var added = Requests.European();
        added["id"] = $"{book}-acme-new";
        added["book"] = book;
        added["underlying"] = "ACME";
        added["strike"] = 125.0;
        (await Client.PutAsJsonAsync($"/v1/trades/{book}-acme-new", added)).EnsureSuccessStatusCode();
        var afterAdd = await events.NextAsync();

        var changed = (JsonObject)trades[0]!.DeepClone();
        changed["strike"] = 150.0;
        (await Client.PutAsJsonAsync($"/v1/trades/{book}-acme-call", changed)).EnsureSuccessStatusCode();
        var afterChange = await events.NextAsync();

        // each write is one update at the market version the book is at, carrying only the trade it stored
        Assert.Equal(version, afterAdd.Data.GetProperty("version").GetInt64());
        Assert.Equal([$"{book}-acme-new"], Changed(afterAdd));
        Assert.Equal(version, afterChange.Data.GetProperty("version").GetInt64());
        Assert.Equal([$"{book}-acme-call"], Changed(afterChange));
        Assert.True(first.Id < afterAdd.Id && afterAdd.Id < afterChange.Id);

        trades[0] = changed;
        trades.Add(added);
        var view = await LiveClient.GetAsync(Client, $"/v1/subscriptions/{subscription}");
        var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");
        await LiveClient.AssertPricedAsByPriceAsync(Client, view, live.GetProperty("marketData"), trades);
    }

    private async Task<(string Book, JsonArray Trades, string Market, string Subscription)> SetUpAsync()
    {
        var book = LiveClient.NewName("live-book");
        var market = LiveClient.NewName("lm");
        var trades = await LiveClient.StoreBookAsync(Client, book);
        await LiveClient.PutMarketAsync(Client, market, LiveClient.Market());
        return (book, trades, market, await LiveClient.SubscribeAsync(Client, book, market));
    }
}
