using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

[Collection(RunsCollection.Name)]
public sealed class RunsApiTests(RunsFixture fixture)
{
    // the run shifts calibrated curves, the check re-quotes them: the two agree to rounding
    private const double ScenarioTolerance = 1e-12;

    private static readonly string[] Measures = ["pv", "delta", "pv01"];

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task ARunsResultsEqualPricingEachTradeOnTheShiftedMarketData()
    {
        var (book, trades) = await StoreBookAsync(150);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var scenarioSetId = await RunClient.StoreScenarioSetAsync(Client, Scenarios());

        var (runId, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, scenarioSetId));
        var events = await RunClient.ReadEventsAsync(Client, runId);

        Assert.Equal("completed", events[^1].Event);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Event));
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(150L * 3 * Measures.Length, status.GetProperty("total").GetInt64());
        Assert.Equal(status.GetProperty("total").GetInt64(), status.GetProperty("done").GetInt64());

        var results = await RunClient.ReadAllResultsAsync(Client, runId);
        Assert.Equal(150 * Measures.Length, results.Count);
        Assert.Equal(results.Count, results.Select(r => (r.GetProperty("tradeId").GetString(), r.GetProperty("measure").GetString())).Distinct().Count());

        var markets = new[] { Requests.MarketData(), Shifted(rates: 0.0025), Shifted(spotFactor: 1 + -0.2, volShift: 0.1) };
        for (var k = 0; k < markets.Length; k++)
        {
            var priced = await PriceAsync(markets[k], trades);
            foreach (var result in results)
            {
                var expected = priced[result.GetProperty("tradeId").GetString()!];
                var measure = result.GetProperty("measure").GetString()!;
                if (expected.GetProperty("values").TryGetProperty(measure, out var value))
                {
                    var got = result.GetProperty("values")[k].GetDouble();
                    Assert.True(Math.Abs(got - value.GetDouble()) <= ScenarioTolerance * Math.Abs(value.GetDouble()) + ScenarioTolerance,
                        $"{result.GetProperty("tradeId")} {measure} market {k}: run {got:R}, /v1/price {value.GetDouble():R}");
                }
                else
                {
                    Assert.Equal(JsonValueKind.Null, result.GetProperty("values").ValueKind);
                    Assert.False(string.IsNullOrEmpty(result.GetProperty("error").GetString()));
                }
            }
        }

        var summary = status.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("pvByScenario").GetArrayLength());
        Assert.Equal(2, summary.GetProperty("pnlByScenario").GetArrayLength());
        var pvBase = results.Where(r => r.GetProperty("measure").GetString() == "pv").Sum(r => r.GetProperty("values")[0].GetDouble());
        Assert.Equal(pvBase, summary.GetProperty("pvByScenario")[0].GetDouble(), 1e-6);
    }

    [Fact]
    public async Task TheSameRunSplitIntoDifferentBatchSizesGivesTheSameBits()
    {
        var (book, _) = await StoreBookAsync(200);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var scenarioSetId = await RunClient.StoreScenarioSetAsync(Client, Scenarios());

        var (small, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, scenarioSetId));
        await RunClient.ReadEventsAsync(Client, small);
        await using var other = new GatewayFactory(fixture.Factory.DataDirectory + "-big", configure: b => b.UseSetting("XiP:Runs:ValuationsPerBatch", "1000000"));
        var otherClient = other.CreateClient();
        try
        {
            var (otherBook, _) = await StoreBookAsync(200, otherClient, book);
            var otherMarket = await RunClient.StoreMarketDataAsync(otherClient, Requests.MarketData());
            var otherSet = await RunClient.StoreScenarioSetAsync(otherClient, Scenarios());
            var (big, _) = await RunClient.SubmitAsync(otherClient, Run(otherBook, otherMarket, otherSet));
            await RunClient.ReadEventsAsync(otherClient, big);

            var smallResults = await RunClient.ReadAllResultsAsync(Client, small);
            var bigResults = await RunClient.ReadAllResultsAsync(otherClient, big);
            Assert.Equal(smallResults.Select(r => r.GetRawText()), bigResults.Select(r => r.GetRawText()));
            var smallSummary = (await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{small}")).GetProperty("summary").GetRawText();
            var bigSummary = (await otherClient.GetFromJsonAsync<JsonElement>($"/v1/runs/{big}")).GetProperty("summary").GetRawText();
            Assert.Equal(smallSummary, bigSummary);
        }
        finally
        {
            otherClient.Dispose();
            await other.DisposeAsync();
            Directory.Delete(fixture.Factory.DataDirectory + "-big", recursive: true);
        }
    }

    [Fact]
    public async Task AFailedBatchIsRetriedAndTheRunStillCompletesWithTheSameResults()
    {
        var (book, _) = await StoreBookAsync(130);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var clean = await RunToEndAsync(Run(book, marketDataId, null));
        var runId = RunIdFor("retry-" + Guid.NewGuid().ToString("N"));
        fixture.Faults.FailFirstAttempts(runId.RunId, 1);

        var (submitted, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, runId.ClientRunId));
        var events = await RunClient.ReadEventsAsync(Client, submitted);

        Assert.Equal(runId.RunId, submitted);
        Assert.Equal("completed", events[^1].Event);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{submitted}");
        Assert.True(status.GetProperty("retriedBatches").GetInt32() >= 1);
        var retried = await RunClient.ReadAllResultsAsync(Client, submitted);
        var original = await RunClient.ReadAllResultsAsync(Client, clean);
        Assert.Equal(original.Select(r => r.GetProperty("values").GetRawText()), retried.Select(r => r.GetProperty("values").GetRawText()));
    }

    [Fact]
    public async Task A_store_that_is_down_for_more_attempts_than_a_batch_has_is_waited_out_and_the_run_completes_with_the_same_results()
    {
        var (book, _) = await StoreBookAsync(130);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var clean = await RunToEndAsync(Run(book, marketDataId, null));
        var runId = RunIdFor("outage-" + Guid.NewGuid().ToString("N"));

        // five failed attempts per batch, where a batch has three (XiP:Runs:MaxAttempts): only a store outage may take that
        fixture.Faults.FailFirstAttempts(runId.RunId, 5, storeDown: true);
        var (submitted, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, runId.ClientRunId));
        var events = await RunClient.ReadEventsAsync(Client, submitted);

        Assert.Equal("completed", events[^1].Event);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{submitted}");
        Assert.True(status.GetProperty("retriedBatches").GetInt32() >= 5, status.GetRawText());
        var waited = await RunClient.ReadAllResultsAsync(Client, submitted);
        var original = await RunClient.ReadAllResultsAsync(Client, clean);
        Assert.Equal(original.Select(r => r.GetProperty("values").GetRawText()), waited.Select(r => r.GetProperty("values").GetRawText()));
    }

    [Fact]
    public async Task A_batch_that_fails_more_often_than_its_attempts_fails_the_run_saying_so()
    {
        var (book, _) = await StoreBookAsync(64);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var runId = RunIdFor("doomed-" + Guid.NewGuid().ToString("N"));
        fixture.Faults.FailFirstAttempts(runId.RunId, 5);

        var (submitted, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, runId.ClientRunId));
        var events = await RunClient.ReadEventsAsync(Client, submitted);

        Assert.Equal("failed", events[^1].Event);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{submitted}");
        Assert.Contains("failed 3 times", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("injected failure", status.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancelledRunStopsAndWritesNothingMore()
    {
        var (book, _) = await StoreBookAsync(400);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var run = RunIdFor("cancel-" + Guid.NewGuid().ToString("N"));
        fixture.Faults.Hold(run.RunId);

        var (runId, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, run.ClientRunId));
        var cancel = await Client.DeleteAsync($"/v1/runs/{runId}");
        var events = await RunClient.ReadEventsAsync(Client, runId);
        var countAtCancel = (await RunClient.ReadAllResultsAsync(Client, runId, 1000)).Count;
        fixture.Faults.Release(runId);
        var countAfterRelease = (await RunClient.ReadAllResultsAsync(Client, runId, 1000)).Count;

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", events[^1].Event);
        Assert.Equal("cancelled", (await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("status").GetString());
        Assert.True(countAtCancel < 400 * Measures.Length);
        Assert.Equal(countAtCancel, countAfterRelease);
    }

    [Fact]
    public async Task TheSameClientRunIdReachesTheSameRunAndADifferentRequestUnderItIsAConflict()
    {
        var (book, _) = await StoreBookAsync(10);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var clientRunId = "idem-" + Guid.NewGuid().ToString("N");

        var (first, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, clientRunId));
        var (second, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null, clientRunId));
        var different = Run(book, marketDataId, null, clientRunId);
        different["measures"] = new JsonArray("pv");
        var conflict = await Client.PostAsJsonAsync("/v1/runs", different);

        Assert.Equal(first, second);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await RunClient.ReadEventsAsync(Client, first);
    }

    [Fact]
    public async Task The_same_clientRunId_submitted_concurrently_makes_one_run()
    {
        var (book, _) = await StoreBookAsync(40);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var clientRunId = "together-" + Guid.NewGuid().ToString("N");

        var submitted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RunClient.SubmitAsync(Client, Run(book, marketDataId, null, clientRunId))));
        var runId = Assert.Single(submitted.Select(s => s.Item1).Distinct());
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        var run = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        var results = await RunClient.ReadAllResultsAsync(Client, runId);

        // one run: every valuation counted once, and the results of the same request submitted alone
        var alone = await RunToEndAsync(Run(book, marketDataId, null));
        var expected = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{alone}");
        Assert.Equal(expected.GetProperty("total").GetInt64(), run.GetProperty("total").GetInt64());
        Assert.Equal(expected.GetProperty("done").GetInt64(), run.GetProperty("done").GetInt64());
        Assert.Equal(expected.GetProperty("failed").GetInt64(), run.GetProperty("failed").GetInt64());
        Assert.Equal((await RunClient.ReadAllResultsAsync(Client, alone)).Count, results.Count);
        Assert.Single((await Client.GetFromJsonAsync<JsonElement>("/v1/runs?limit=1000")).EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
    }

    [Fact]
    public async Task AConnectionAfterTheEndGetsTheTerminalEventAndAReconnectGetsTheCurrentState()
    {
        var (book, _) = await StoreBookAsync(20);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var runId = await RunToEndAsync(Run(book, marketDataId, null));

        var late = await RunClient.ReadEventsAsync(Client, runId);
        var resumed = await RunClient.ReadEventsAsync(Client, runId, lastEventId: "1");

        Assert.Equal("completed", Assert.Single(late).Event);
        Assert.Equal("completed", Assert.Single(resumed).Event);
        Assert.Equal(late[0].Data.GetProperty("done").GetInt64(), late[0].Data.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task UnknownBookSnapshotAndScenarioSetAreBadRequestsNamingTheField()
    {
        var (book, _) = await StoreBookAsync(2);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());

        await ProblemAssertions.AssertBadRequestAsync(await Client.PostAsJsonAsync("/v1/runs", Run("no-such-book-" + Guid.NewGuid().ToString("N"), marketDataId, null)), exact: true, "book");
        await ProblemAssertions.AssertBadRequestAsync(await Client.PostAsJsonAsync("/v1/runs", Run(book, "no-such-md", null)), exact: true, "marketDataId");
        await ProblemAssertions.AssertBadRequestAsync(await Client.PostAsJsonAsync("/v1/runs", Run(book, marketDataId, "no-such-set")), exact: true, "scenarioSetId");
        var neither = new JsonObject { ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv") };
        await ProblemAssertions.AssertBadRequestAsync(await Client.PostAsJsonAsync("/v1/runs", neither), exact: true, "book");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/run-{Guid.NewGuid():N}")).StatusCode);
    }

    [Fact]
    public async Task RunsBeyondTheConcurrentLimitAreTooManyRequests()
    {
        var (book, _) = await StoreBookAsync(200);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var unresolvedRun = RunIdFor("unresolved-" + Guid.NewGuid().ToString("N"));
        var unresolved = new JsonObject
        {
            ["tradeIds"] = new JsonArray("no-such-trade-" + Guid.NewGuid().ToString("N")),
            ["marketDataId"] = marketDataId,
            ["measures"] = new JsonArray("pv"),
            ["clientRunId"] = unresolvedRun.ClientRunId,
        };
        var held = new List<string>();
        try
        {
            HttpResponseMessage? refused = null;
            for (var i = 0; i <= RunsFixture.MaxConcurrentRuns && refused is null; i++)
            {
                var run = RunIdFor("limit-" + Guid.NewGuid().ToString("N"));
                fixture.Faults.Hold(run.RunId);
                held.Add(run.RunId);
                var response = await Client.PostAsJsonAsync("/v1/runs", Run(book, marketDataId, null, run.ClientRunId));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused = response;
                }
            }

            Assert.NotNull(refused);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

            // a busy platform refuses before it resolves a single trade: a run naming a trade that is not stored is told it is busy
            Assert.Equal(HttpStatusCode.TooManyRequests, (await Client.PostAsJsonAsync("/v1/runs", unresolved)).StatusCode);
        }
        finally
        {
            foreach (var runId in held)
            {
                await Client.DeleteAsync($"/v1/runs/{runId}");
                fixture.Faults.Release(runId);
            }
        }

        // with room again, the same run is refused for its trade, and the place it took while its trades were resolved is given back
        await ProblemAssertions.AssertBadRequestAsync(await Client.PostAsJsonAsync("/v1/runs", unresolved), exact: true, "tradeIds[0]");
        var listed = await Client.GetFromJsonAsync<JsonElement>("/v1/runs?limit=1000");
        Assert.DoesNotContain(listed.EnumerateArray(), r => r.GetProperty("runId").GetString() == unresolvedRun.RunId);
        var (next, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, null));
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, next))[^1].Event);
    }

    private async Task<string> RunToEndAsync(JsonObject run)
    {
        var (runId, _) = await RunClient.SubmitAsync(Client, run);
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        return runId;
    }

    private static (string ClientRunId, string RunId) RunIdFor(string clientRunId) => (clientRunId, "run-" + clientRunId);

    private async Task<(string Book, JsonArray Trades)> StoreBookAsync(int count, HttpClient? client = null, string? book = null)
    {
        book ??= "book-" + Guid.NewGuid().ToString("N");
        var trades = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var trade = (i % 3) switch { 0 => Requests.European(), 1 => Requests.Swap(), _ => Requests.Bond() };
            trade["id"] = $"{book}-t{i:D5}";
            trade["book"] = book;
            if (i % 3 == 0)
            {
                trade["strike"] = 100.0 + i;
            }
            else if (i % 3 == 1)
            {
                trade["fixedRate"] = 0.03 + i * 1e-5;
            }
            else
            {
                trade["couponRate"] = 0.01 + i * 1e-5;
                trade["curve"] = "USD-SOFR";
            }

            trades.Add(trade);
        }

        await RunClient.StoreTradesAsync(client ?? Client, (JsonArray)trades.DeepClone());
        return (book, trades);
    }

    private async Task<Dictionary<string, JsonElement>> PriceAsync(JsonObject marketData, JsonArray trades)
    {
        var body = new JsonObject { ["marketData"] = marketData, ["trades"] = trades.DeepClone(), ["measures"] = new JsonArray(Measures.Select(m => (JsonNode)m).ToArray()) };
        var response = await Client.PostAsJsonAsync("/v1/price", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("tradeId").GetString()!, r => r);
    }

    private static JsonObject Run(string book, string marketDataId, string? scenarioSetId, string? clientRunId = null)
    {
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray(Measures.Select(m => (JsonNode)m).ToArray()) };
        if (scenarioSetId is not null)
        {
            run["scenarioSetId"] = scenarioSetId;
        }

        if (clientRunId is not null)
        {
            run["clientRunId"] = clientRunId;
        }

        return run;
    }

    private static JsonObject Scenarios() => new()
    {
        ["scenarios"] = new JsonArray(
            new JsonObject { ["id"] = "rates+25", ["shifts"] = new JsonArray(new JsonObject { ["target"] = "curve:*", ["kind"] = "parallel", ["amount"] = 25 }) },
            new JsonObject
            {
                ["id"] = "crash",
                ["shifts"] = new JsonArray(
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "spotRelative", ["amount"] = -0.2 },
                    new JsonObject { ["target"] = "equity:*", ["kind"] = "volAbsolute", ["amount"] = 0.1 }),
            }),
    };

    // the scenarios of Scenarios(), applied by hand to the request market data
    private static JsonObject Shifted(double rates = 0, double spotFactor = 1, double volShift = 0)
    {
        var market = Requests.MarketData();
        var curves = market["curves"]!.AsObject();
        curves["USD-FLAT"]!["flatRate"] = curves["USD-FLAT"]!["flatRate"]!.GetValue<double>() + rates;
        foreach (var pillar in curves["USD-SOFR"]!["pillars"]!.AsArray())
        {
            pillar!["zeroRate"] = pillar["zeroRate"]!.GetValue<double>() + rates;
        }

        var acme = market["equities"]!["ACME"]!;
        acme["spot"] = acme["spot"]!.GetValue<double>() * spotFactor;
        acme["volatility"] = acme["volatility"]!.GetValue<double>() + volShift;
        return market;
    }
}
