using System.Text.Json.Nodes;
using CsCheck;

namespace XiP.Gateway.Tests;

/// <summary>
/// Random sequences of ticks (spots, volatilities, curves replaced, several in one patch, several patches between reads):
/// at every version read, a subscription's values are the bits of POST /v1/price on the live market at that version.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LivePricingPropertyTests(GatewayFixture fixture)
{
    private static readonly Gen<(int Kind, double Factor, bool Read)[]> Ticks =
        Gen.Select(Gen.Int[0, 5], Gen.Double[0.5, 1.5], Gen.Bool).Array[1, 6];

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task AtEveryVersionReadTheValuesAreTheBitsOfPriceOnThatVersionsMarket()
    {
        var book = LiveClient.NewName("prop-book");
        var trades = await LiveClient.StoreBookAsync(Client, book);

        await Ticks.SampleAsync(
            async ticks =>
            {
                var market = LiveClient.NewName("prop-lm");
                await LiveClient.PutMarketAsync(Client, market, LiveClient.Market());
                var subscription = await LiveClient.SubscribeAsync(Client, book, market);
                for (var i = 0; i < ticks.Length; i++)
                {
                    var (kind, factor, read) = ticks[i];
                    var version = await LiveClient.PatchAsync(Client, market, Patch(kind, factor));
                    if (!read && i < ticks.Length - 1)
                    {
                        continue;
                    }

                    var view = await LiveClient.GetAsync(Client, $"/v1/subscriptions/{subscription}");
                    var live = await LiveClient.GetAsync(Client, $"/v1/live-markets/{market}");
                    Assert.Equal(version, view.GetProperty("version").GetInt64());
                    Assert.Equal(version, live.GetProperty("version").GetInt64());
                    await LiveClient.AssertPricedAsByPriceAsync(Client, view, live.GetProperty("marketData"), trades);
                }

                (await Client.DeleteAsync($"/v1/subscriptions/{subscription}")).EnsureSuccessStatusCode();
            },
            iter: 12,
            threads: 1);
    }

    private static JsonObject Patch(int kind, double factor) => kind switch
    {
        0 => Equity("ACME", new JsonObject { ["spot"] = 128.24 * factor }),
        1 => Equity("BETA", new JsonObject { ["volatility"] = 0.3 * factor }),
        2 => Curve("USD-SOFR", new JsonObject { ["flatRate"] = 0.05 * factor }),
        3 => Curve("USD-FLAT", new JsonObject { ["flatRate"] = 0.05 * factor }),
        4 => Curve("EUR-ESTR", new JsonObject
        {
            ["interpolation"] = "log-linear-discount",
            ["instruments"] = new JsonArray(
                new JsonObject { ["type"] = "deposit", ["tenor"] = "3M", ["rate"] = 0.031 * factor },
                new JsonObject { ["type"] = "swap", ["tenor"] = "2Y", ["rate"] = 0.029 * factor }),
        }),
        _ => new JsonObject
        {
            ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["volatility"] = 0.15 * factor, ["dividendYield"] = 0.04 * factor } },
            ["curves"] = new JsonObject { ["USD-SOFR"] = new JsonObject { ["flatRate"] = 0.04 * factor } },
        },
    };

    private static JsonObject Equity(string name, JsonObject fields) => new() { ["equities"] = new JsonObject { [name] = fields } };

    private static JsonObject Curve(string name, JsonObject curve) => new() { ["curves"] = new JsonObject { [name] = curve } };
}
