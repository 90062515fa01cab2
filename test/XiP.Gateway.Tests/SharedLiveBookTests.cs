using System.Net;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>Subscriptions to the same book, live market and measures share one live book: each still reads every update, and one leaving closes its own streams and stops nothing for the others.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SharedLiveBookTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task TwoSubscriptionsOfOneLiveBookEachGetEveryUpdateAndADeleteEndsOnlyItsOwnStream()
    {
        var book = LiveClient.NewName("shared-book");
        var market = LiveClient.NewName("shared-lm");
        var trades = await LiveClient.StoreBookAsync(Client, book);
        await LiveClient.PutMarketAsync(Client, market, LiveClient.Market());
        var (first, second) = (await LiveClient.SubscribeAsync(Client, book, market), await LiveClient.SubscribeAsync(Client, book, market));
        await using var firstEvents = await LiveEventStream.OpenAsync(Client, first);
        await using var secondEvents = await LiveEventStream.OpenAsync(Client, second);
        await firstEvents.NextAsync();
        await secondEvents.NextAsync();

        var tick = await LiveClient.PatchAsync(Client, market, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 133.25 } } });
        var toFirst = (await firstEvents.UntilVersionAsync(tick))[^1];
        var toSecond = (await secondEvents.UntilVersionAsync(tick))[^1];
        Assert.Equal(toFirst.Data.GetRawText(), toSecond.Data.GetRawText());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/v1/subscriptions/{first}")).StatusCode);
        await firstEvents.UntilEndAsync();
        var curveTick = await LiveClient.PatchAsync(Client, market, new JsonObject { ["curves"] = new JsonObject { ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.049 } } });
        var afterDelete = (await secondEvents.UntilVersionAsync(curveTick))[^1];
        var view = await LiveClient.GetAsync(Client, $"/v1/subscriptions/{second}");
        var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");

        Assert.Equal([$"{book}-swap-sofr"], afterDelete.Data.GetProperty("changed").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/subscriptions/{first}")).StatusCode);
        Assert.Equal(curveTick, view.GetProperty("version").GetInt64());
        await LiveClient.AssertPricedAsByPriceAsync(Client, view, live.GetProperty("marketData"), trades);
    }

    [Fact]
    public async Task AfterTheLastSubscriptionOfALiveBookIsDeletedANewOneStartsItAgainAtTheCurrentVersion()
    {
        var book = LiveClient.NewName("restart-lb");
        var market = LiveClient.NewName("restart-lbm");
        var trades = await LiveClient.StoreBookAsync(Client, book);
        await LiveClient.PutMarketAsync(Client, market, LiveClient.Market());
        var gone = await LiveClient.SubscribeAsync(Client, book, market);
        await LiveClient.GetAsync(Client, $"/v1/subscriptions/{gone}");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/v1/subscriptions/{gone}")).StatusCode);

        var version = await LiveClient.PatchAsync(Client, market, new JsonObject { ["equities"] = new JsonObject { ["BETA"] = new JsonObject { ["spot"] = 88.5 } } });
        var again = await LiveClient.SubscribeAsync(Client, book, market);
        var view = await LiveClient.GetAsync(Client, $"/v1/subscriptions/{again}");
        var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");

        Assert.Equal(version, view.GetProperty("version").GetInt64());
        await LiveClient.AssertPricedAsByPriceAsync(Client, view, live.GetProperty("marketData"), trades);
    }
}
