using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XiP.EndToEnd.Tests;

/// <summary>Stores a book, a market-data snapshot and a generated scenario set through the REST API.</summary>
internal static class TestData
{
    public static async Task<string> StoreBookAsync(HttpClient client, int trades)
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var array = new JsonArray();
        for (var i = 0; i < trades; i++)
        {
            var trade = (i % 3) switch
            {
                0 => new JsonObject
                {
                    ["type"] = "europeanOption", ["underlying"] = "ACME", ["optionType"] = i % 2 == 0 ? "call" : "put", ["strike"] = 100.0 + i % 60,
                    ["expiry"] = "2027-11-23", ["quantity"] = 10, ["discountCurve"] = "USD-FLAT",
                },
                1 => new JsonObject
                {
                    ["type"] = "interestRateSwap", ["notional"] = 1_000_000, ["fixedRate"] = 0.03 + i * 1e-5, ["startDate"] = "2024-07-15",
                    ["maturityDate"] = "2034-07-15", ["direction"] = i % 2 == 0 ? "payFixed" : "receiveFixed", ["fixedFrequency"] = "annual",
                    ["floatFrequency"] = "quarterly", ["curve"] = "USD-SOFR",
                },
                _ => new JsonObject
                {
                    ["type"] = "fixedRateBond", ["faceValue"] = 1000, ["couponRate"] = 0.01 + i * 1e-5, ["frequency"] = "annual",
                    ["issueDate"] = "2022-01-08", ["maturityDate"] = "2040-01-08", ["curve"] = "USD-SOFR",
                },
            };
            trade["id"] = $"{book}-t{i:D5}";
            trade["book"] = book;
            array.Add(trade);
        }

        await SendAsync(client.PostAsJsonAsync("/v1/trades", array));
        return book;
    }

    public static async Task<string> StoreMarketDataAsync(HttpClient client)
    {
        var id = "md-" + Guid.NewGuid().ToString("N");
        var marketData = Requests.MarketData();
        await SendAsync(client.PutAsJsonAsync($"/v1/market-data/{id}", marketData));
        return id;
    }

    public static async Task<string> StoreScenarioSetAsync(HttpClient client, int count)
    {
        var id = "ss-" + Guid.NewGuid().ToString("N");
        var set = new JsonObject
        {
            ["generate"] = new JsonObject { ["count"] = count, ["seed"] = 42, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
        };
        await SendAsync(client.PutAsJsonAsync($"/v1/scenario-sets/{id}", set));
        return id;
    }

    private static async Task SendAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
