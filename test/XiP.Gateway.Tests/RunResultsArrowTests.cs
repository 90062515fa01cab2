using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace XiP.Gateway.Tests;

/// <summary>The whole result set as Arrow IPC, read back with Apache.Arrow's own reader, against the JSON pages.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunResultsArrowTests(RunsFixture fixture)
{
    private const string ArrowType = "application/vnd.apache.arrow.stream";
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task TheArrowStreamHoldsExactlyTheRecordsOfTheJsonPagesInTheirOrder()
    {
        // pages of 2,300 records: each is formatted in parts (one per core) and the parts joined
        var runId = await CompletedRunAsync(trades: 2400);

        var json = await RunClient.ReadAllResultsAsync(Client, runId, pageSize: 2300);
        var arrow = await ReadArrowAsync($"/v1/runs/{runId}/results");

        Assert.Equal(json.Count, arrow.Count);
        Assert.Contains(json, r => r.GetProperty("values").ValueKind == JsonValueKind.Null);
        for (var r = 0; r < json.Count; r++)
        {
            var expected = json[r];
            var got = arrow[r];
            Assert.Equal(expected.GetProperty("tradeId").GetString(), got.TradeId);
            Assert.Equal(expected.GetProperty("book").GetString(), got.Book);
            Assert.Equal(expected.GetProperty("measure").GetString(), got.Measure);
            Assert.Equal(expected.GetProperty("tradeVersion").GetInt64(), got.Version);
            Assert.Equal(expected.GetProperty("error").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("error").GetString(), got.Error);
            if (expected.GetProperty("values").ValueKind == JsonValueKind.Null)
            {
                Assert.Null(got.Values);
            }
            else
            {
                var values = expected.GetProperty("values").EnumerateArray().Select(v => BitConverter.DoubleToInt64Bits(v.GetDouble()));
                Assert.Equal(values, got.Values!.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    [Fact]
    public async Task TheArrowStreamTakesTheMeasureAndBookFiltersAndRefusesPaging()
    {
        var runId = await CompletedRunAsync(trades: 40);

        var pv = await ReadArrowAsync($"/v1/runs/{runId}/results?measure=pv");
        var noBook = await ReadArrowAsync($"/v1/runs/{runId}/results?book=no-such-book");

        Assert.Equal(40, pv.Count);
        Assert.All(pv, r => Assert.Equal("pv", r.Measure));
        Assert.Empty(noBook);
        foreach (var query in new[] { "?limit=10", "?cursor=AgAAAAAAAAAAcHY" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{runId}/results{query}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ArrowType));
            await ProblemAssertions.AssertBadRequestAsync(await Client.SendAsync(request), exact: true, query.StartsWith("?limit", StringComparison.Ordinal) ? "limit" : "cursor");
        }
    }

    private async Task<string> CompletedRunAsync(int trades)
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var array = new JsonArray();
        for (var i = 0; i < trades; i++)
        {
            var trade = (i % 2) == 0 ? Requests.European() : Requests.Swap();
            trade["id"] = $"{book}-t{i:D5}";
            trade["book"] = book;
            if (i % 10 == 0)
            {
                // fails: the snapshot has no such equity or curve
                trade[(i % 2) == 0 ? "underlying" : "curve"] = "MISSING";
            }

            array.Add(trade);
        }

        await RunClient.StoreTradesAsync(Client, array);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var scenarioSetId = await RunClient.StoreScenarioSetAsync(Client, new JsonObject
        {
            ["generate"] = new JsonObject { ["count"] = 12, ["seed"] = 3, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
        });
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["scenarioSetId"] = scenarioSetId, ["measures"] = new JsonArray("pv", "delta") };
        var (runId, _) = await RunClient.SubmitAsync(Client, run);
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        return runId;
    }

    private async Task<List<(string TradeId, string? Book, string Measure, long Version, double[]? Values, string? Error)>> ReadArrowAsync(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ArrowType));
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ArrowType, response.Content.Headers.ContentType?.MediaType);
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync());
        var rows = new List<(string, string?, string, long, double[]?, string?)>();
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            var tradeIds = (StringArray)batch.Column("tradeId");
            var books = (StringArray)batch.Column("book");
            var measures = (StringArray)batch.Column("measure");
            var versions = (Int64Array)batch.Column("tradeVersion");
            var values = (FixedSizeListArray)batch.Column("values");
            var items = (DoubleArray)values.Values;
            var width = ((Apache.Arrow.Types.FixedSizeListType)values.Data.DataType).ListSize;
            var errors = (StringArray)batch.Column("error");
            for (var r = 0; r < batch.Length; r++)
            {
                var vector = values.IsNull(r) ? null : items.Values.Slice((values.Offset + r) * width, width).ToArray();
                rows.Add((tradeIds.GetString(r), books.GetString(r), measures.GetString(r), versions.GetValue(r)!.Value, vector, errors.IsNull(r) ? null : errors.GetString(r)));
            }
        }

        return rows;
    }
}
