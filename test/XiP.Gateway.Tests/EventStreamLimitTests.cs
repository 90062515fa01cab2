using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XiP.Grains.Runs;

namespace XiP.Gateway.Tests;

/// <summary>A client holds at most <c>XiP:Gateway:MaxEventStreamsPerClient</c> run-event streams open; one more is a 429 with Retry-After.</summary>
public sealed class EventStreamLimitTests
{
    private const int Limit = 2;

    [Fact]
    public async Task One_stream_over_the_clients_limit_is_429_and_the_open_ones_run_to_their_end()
    {
        var faults = new GatedFaults();
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
        {
            builder.UseSetting("XiP:Gateway:MaxEventStreamsPerClient", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // batches of one 64-trade block, so the run below has batches after the first, which the gate holds
            builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
            builder.ConfigureTestServices(services => services.AddSingleton<IBatchFaultInjector>(faults));
        });
        try
        {
            using var client = factory.CreateClient();
            var book = "book-" + Guid.NewGuid().ToString("N");
            var trades = new JsonArray();
            for (var i = 0; i < 130; i++)
            {
                var trade = Requests.European();
                trade["id"] = $"{book}-t{i}";
                trade["book"] = book;
                trades.Add(trade);
            }

            await RunClient.StoreTradesAsync(client, trades);
            var marketDataId = await RunClient.StoreMarketDataAsync(client, Requests.MarketData());
            var clientRunId = "limit-" + Guid.NewGuid().ToString("N");
            var runId = "run-" + clientRunId;
            faults.Hold(runId);
            await RunClient.SubmitAsync(client, new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv"), ["clientRunId"] = clientRunId });

            var open = new List<HttpResponseMessage>();
            try
            {
                for (var i = 0; i < Limit; i++)
                {
                    var stream = await client.GetAsync($"/v1/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead);
                    open.Add(stream);
                    Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
                }

                using var refused = await client.GetAsync($"/v1/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(refused.Headers.RetryAfter);

                faults.Release(runId);
                foreach (var stream in open)
                {
                    Assert.Contains("event: completed", await stream.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
            }
            finally
            {
                faults.Release(runId);
                open.ForEach(s => s.Dispose());
            }
        }
        finally
        {
            await factory.DisposeAsync();
            Directory.Delete(factory.DataDirectory, recursive: true);
        }
    }
}
