using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>A live market's versions and a subscription's definition are stored: both carry on after the process restarts.</summary>
public sealed class LivePricingRestartTests
{
    [Fact]
    public async Task ALiveMarketAndItsSubscriptionCarryOnAfterARestart()
    {
        var directory = GatewayFactory.NewDataDirectory();
        var (book, market) = (LiveClient.NewName("restart-book"), LiveClient.NewName("restart-lm"));
        try
        {
            string before, subscription;
            JsonArray trades;
            await using (var first = new GatewayFactory(directory))
            {
                var client = first.CreateClient();
                trades = await LiveClient.StoreBookAsync(client, book);
                await LiveClient.PutMarketAsync(client, market, LiveClient.Market());
                await LiveClient.PatchAsync(client, market, new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 129.1 } } });
                subscription = await LiveClient.SubscribeAsync(client, book, market);
                before = (await LiveClient.GetAsync(client, $"/v1/live-markets/{market}")).GetRawText();
            }

            await using var second = new GatewayFactory(directory);
            var again = second.CreateClient();
            var after = (await LiveClient.GetAsync(again, $"/v1/live-markets/{market}")).GetRawText();
            await using var events = await LiveEventStream.OpenAsync(again, subscription);
            var state = await events.NextAsync();
            var tick = await LiveClient.PatchAsync(again, market, new JsonObject { ["curves"] = new JsonObject { ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.052 } } });
            var update = (await events.UntilVersionAsync(tick))[^1];
            var view = await LiveClient.GetAsync(again, $"/v1/subscriptions/{subscription}");
            var live = await LiveClient.GetAsync(again, $"/v1/live-markets/{market}");

            Assert.Equal(before, after);
            Assert.Equal(2, state.Data.GetProperty("version").GetInt64());
            Assert.Equal(3, tick);
            Assert.Equal([$"{book}-swap-sofr"], update.Data.GetProperty("changed").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()));
            Assert.Equal(3, view.GetProperty("version").GetInt64());
            await LiveClient.AssertPricedAsByPriceAsync(again, view, live.GetProperty("marketData"), trades);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
