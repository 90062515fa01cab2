using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;

namespace XiP.Gateway.Tests;

/// <summary>Every endpoint that reads a body holds it to its limit and answers a larger one with 413 problem+json, storing nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BodyLimitTests(GatewayFixture fixture)
{
    private static readonly string Padding = new(' ', (int)GatewayFactory.DefaultMaxBodyBytes);

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "POST", "/v1/price" },
        { "POST", "/v1/curves/calibrate" },
        { "PUT", "/v1/market-data/too-large" },
        { "PUT", "/v1/scenario-sets/too-large" },
        { "PUT", "/v1/trades/too-large" },
        { "POST", "/v1/runs" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_declared_or_not(string method, string path)
    {
        using var declared = await fixture.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json("{" + Padding + "}") });
        await AssertTooLargeAsync(declared);

        // no Content-Length: the gateway counts the bytes as they arrive
        var chunked = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{" + Padding + "}"))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var counted = await fixture.Client.SendAsync(chunked);
        await AssertTooLargeAsync(counted);
    }

    [Fact]
    public async Task A_refused_store_keeps_nothing()
    {
        var trade = Requests.European();
        trade["id"] = "too-large";
        var body = trade.ToJsonString().Insert(1, Padding);

        using var response = await fixture.Client.PutAsync("/v1/trades/too-large", Json(body));

        await AssertTooLargeAsync(response);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client.GetAsync("/v1/trades/too-large")).StatusCode);
    }

    [Fact]
    public async Task A_bulk_upload_over_its_own_limit_is_413_and_stores_none_of_the_trades_already_read()
    {
        const int Limit = 64 * 1024;
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: b => b.UseSetting("XiP:Gateway:MaxBulkUploadBytes", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            using var client = factory.CreateClient();
            var lines = new StringBuilder();
            for (var i = 0; lines.Length <= 2 * Limit; i++)
            {
                var trade = Requests.European();
                trade["id"] = $"bulk-limit-{i}";
                lines.Append(trade.ToJsonString()).Append('\n');
            }

            var chunked = new HttpRequestMessage(HttpMethod.Post, "/v1/trades") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(lines.ToString()))) };
            chunked.Content.Headers.ContentType = new("application/x-ndjson");
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await client.SendAsync(chunked);

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {(int)response.StatusCode}: {text}");
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/trades/bulk-limit-0")).StatusCode);
        }
        finally
        {
            await factory.DisposeAsync();
            Directory.Delete(factory.DataDirectory, recursive: true);
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"expected 413, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(GatewayFactory.DefaultMaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
