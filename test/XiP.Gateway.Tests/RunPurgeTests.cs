using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XiP.Results;

namespace XiP.Gateway.Tests;

/// <summary><c>DELETE /v1/runs/{runId}?purge=true</c>: a finished run goes with its results; an unfinished one stays.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunPurgeTests(RunsFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private ResultStore Results => fixture.Factory.Services.GetRequiredService<ResultStore>();

    [Fact]
    public async Task APurgedRunAndItsResultsAreGoneAndItsClientRunIdMakesANewRun()
    {
        var (book, marketDataId) = await StoreAsync(trades: 5);
        var clientRunId = "purge-" + Guid.NewGuid().ToString("N");
        var (runId, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, clientRunId, "pv", "delta"));
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        Assert.Equal(10, (await RunClient.ReadAllResultsAsync(Client, runId)).Count);

        var purge = await Client.DeleteAsync($"/v1/runs/{runId}?purge=true");

        Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        Assert.Empty(await Results.Blocks.ListAsync(runId));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{runId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{runId}/results")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{runId}/events")).StatusCode);
        Assert.DoesNotContain(runId, await ListedRunIdsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/v1/runs/{runId}?purge=true")).StatusCode);

        // a different request under the same clientRunId: a conflict before the purge, a new run after it
        var (again, submitted) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, clientRunId, "pv"));
        Assert.Equal(runId, again);
        Assert.Equal(["pv"], submitted.GetProperty("request").GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, again))[^1].Event);
        var results = await RunClient.ReadAllResultsAsync(Client, again);
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal("pv", r.GetProperty("measure").GetString()));
        Assert.Contains(runId, await ListedRunIdsAsync());
    }

    [Fact]
    public async Task AnUnfinishedRunIsAConflictAndKeepsItsResultsUntilItHasEnded()
    {
        // over one batch (64 trades), so the held second batch keeps the run going
        var (book, marketDataId) = await StoreAsync(trades: 100);
        var clientRunId = "purge-running-" + Guid.NewGuid().ToString("N");
        var runId = "run-" + clientRunId;
        fixture.Faults.Hold(runId);
        try
        {
            await RunClient.SubmitAsync(Client, Run(book, marketDataId, clientRunId, "pv"));

            var refused = await Client.DeleteAsync($"/v1/runs/{runId}?purge=true");

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
            Assert.Contains(status.GetProperty("status").GetString(), new[] { "pending", "running" });
            Assert.NotEmpty(await Results.Blocks.ListAsync(runId));

            Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync($"/v1/runs/{runId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/v1/runs/{runId}?purge=true")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{runId}")).StatusCode);
            Assert.Empty(await Results.Blocks.ListAsync(runId));
        }
        finally
        {
            fixture.Faults.Release(runId);
        }
    }

    [Fact]
    public async Task AnUnknownRunIsNotFoundAndAPurgeThatIsNeitherTrueNorFalseIsABadRequest()
    {
        var unknown = await Client.DeleteAsync($"/v1/runs/run-{Guid.NewGuid():N}?purge=true");
        var (book, marketDataId) = await StoreAsync(trades: 1);
        var (runId, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, clientRunId: null, "pv"));
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);

        var bad = await Client.DeleteAsync($"/v1/runs/{runId}?purge=yes");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        await ProblemAssertions.AssertBadRequestAsync(bad, exact: true, "purge");
        Assert.Equal("completed", (await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync($"/v1/runs/{runId}?purge=false")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/v1/runs/{runId}")).StatusCode);
    }

    private async Task<List<string?>> ListedRunIdsAsync() =>
        [.. (await Client.GetFromJsonAsync<JsonElement>("/v1/runs?limit=1000")).EnumerateArray().Select(r => r.GetProperty("runId").GetString())];

    private async Task<(string Book, string MarketDataId)> StoreAsync(int trades)
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var array = new JsonArray();
        for (var i = 0; i < trades; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-t{i:D3}";
            trade["book"] = book;
            trade["strike"] = 100.0 + i;
            array.Add(trade);
        }

        await RunClient.StoreTradesAsync(Client, array);
        return (book, await RunClient.StoreMarketDataAsync(Client, Requests.MarketData()));
    }

    private static JsonObject Run(string book, string marketDataId, string? clientRunId, params string[] measures)
    {
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray([.. measures.Select(m => (JsonNode)m)]) };
        if (clientRunId is not null)
        {
            run["clientRunId"] = clientRunId;
        }

        return run;
    }
}
