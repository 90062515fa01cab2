using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace XiP.Gateway.Tests;

/// <summary>Pricing and run submission are limited per caller: over its bucket a caller gets 429 with Retry-After; other callers are not affected.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ACallerOverItsPricingBucketGets429WithRetryAfterWhileAnotherCallerPrices()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory, configure: b =>
            {
                // one token a minute: the second request of a burst of two is certainly over
                b.UseSetting("XiP:RateLimits:Pricing:TokensPerSecond", "0.0167");
                b.UseSetting("XiP:RateLimits:Pricing:Burst", "2");
                b.UseSetting("XiP:Auth:ApiKeys:other:Key", "other-trader-key-0000000");
                b.UseSetting("XiP:Auth:ApiKeys:other:Roles", "trader");
            });
            using var admin = factory.CreateClient();
            using var other = factory.CreateDefaultClient();
            other.DefaultRequestHeaders.Remove("X-API-Key");
            other.DefaultRequestHeaders.Add("X-API-Key", "other-trader-key-0000000");

            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/price", Requests.Price())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/v1/price", Requests.Price())).StatusCode);
            var over = await admin.PostAsJsonAsync("/v1/price", Requests.Price());

            await AuthFixture.AssertProblemAsync(over, HttpStatusCode.TooManyRequests);
            Assert.True(over.Headers.RetryAfter?.Delta > TimeSpan.Zero, over.Headers.RetryAfter?.ToString());
            Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/v1/price", Requests.Price())).StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ARunSubmittedOverTheCallersRunBucketIs429AndNotStored()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory, configure: b =>
            {
                b.UseSetting("XiP:RateLimits:Runs:TokensPerSecond", "0.0167");
                b.UseSetting("XiP:RateLimits:Runs:Burst", "1");
            });
            using var client = factory.CreateClient();
            var marketDataId = await RunClient.StoreMarketDataAsync(client, Requests.MarketData());
            var trade = AuthFixture.Trade("limited-1", "limited");
            Assert.True((await client.PutAsJsonAsync("/v1/trades/limited-1", trade)).IsSuccessStatusCode);
            JsonObject Run(string clientRunId) => new()
            {
                ["book"] = "limited", ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv"), ["clientRunId"] = clientRunId,
            };

            await RunClient.SubmitAsync(client, Run("first"));
            var over = await client.PostAsJsonAsync("/v1/runs", Run("second"));

            await AuthFixture.AssertProblemAsync(over, HttpStatusCode.TooManyRequests);
            Assert.NotNull(over.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/v1/runs/{XiP.Gateway.Apis.RunIds.For("second")}")).StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
