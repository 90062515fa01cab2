using System.Net;
using System.Net.Http.Json;
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
}
