using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XiP.Gateway.Tests;

public sealed class RestartTests
{
    [Fact]
    public async Task StoredStateSurvivesStoppingAndStartingTheProcess()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            string before;
            await using (var first = new GatewayFactory(directory))
            {
                var client = first.CreateClient();
                var put = await client.PutAsJsonAsync("/v1/market-data/eod-2024-01-15", Requests.MarketData());
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                before = await put.Content.ReadAsStringAsync();
            }

            Assert.True(File.Exists(Path.Combine(directory, "xip.db")), "the SQLite file is under the configured data directory");

            await using var second = new GatewayFactory(directory);
            var after = await second.CreateClient().GetAsync("/v1/market-data/eod-2024-01-15");

            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Equal(
                JsonDocument.Parse(before).RootElement.GetProperty("marketData").GetRawText(),
                JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("marketData").GetRawText());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
