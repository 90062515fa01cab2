using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Gateway.Tests;

/// <summary>
/// <c>GET /v1/runs/{id}/events</c> as clients see it on the wire: event names and ids, the data's exact text,
/// resuming with Last-Event-ID, keep-alive comments, the end after the terminal event, an unknown run.
/// </summary>
[Collection(RunsCollection.Name)]
public sealed class RunEventsTests(RunsFixture fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(2);

    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task EventsAreNamedByStatusWithIncreasingIdsAndTheStreamEndsAfterTheTerminalOne()
    {
        var runId = await SubmitAsync("named-" + Guid.NewGuid().ToString("N"), trades: 200);

        var events = await RunClient.ReadEventsAsync(Client, runId);

        Assert.Equal("completed", events[^1].Event);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Event));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Id < p.Second.Id), $"ids {string.Join(", ", events.Select(e => e.Id))}");
        Assert.All(events, e => Assert.Equal(runId, e.Data.GetProperty("runId").GetString()));
    }

    [Fact]
    public async Task AFinishedRunsStreamIsItsTerminalEventInTheContractsFormatWithItsHeaders()
    {
        var runId = await SubmitAsync("wire-" + Guid.NewGuid().ToString("N"), trades: 2);
        await RunClient.ReadEventsAsync(Client, runId);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");

        using var response = await Client.GetAsync($"/v1/runs/{runId}/events");
        var body = await response.Content.ReadAsStringAsync();

        var data = $"{{\"runId\":\"{runId}\",\"status\":\"completed\",\"total\":{status.GetProperty("total")},\"done\":{status.GetProperty("done")},\"failed\":{status.GetProperty("failed")}}}";
        Assert.Equal($"event: completed\ndata: {data}\nid: {status.GetProperty("sequence")}\n\n", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("no", Assert.Single(response.Headers.GetValues("X-Accel-Buffering")));
    }

    [Fact]
    public async Task AReconnectWithLastEventIdGetsTheCurrentStateThenOnlyNewerEvents()
    {
        var (clientRunId, runId) = NewRunId("resume");
        fixture.Faults.Hold(runId);
        try
        {
            await SubmitAsync(clientRunId, trades: 130);
            long seen;
            await using (var first = await EventStream.OpenAsync(Client, runId, lastEventId: null))
            {
                seen = (await first.NextAsync())!.Id;
            }

            await using var resumed = await EventStream.OpenAsync(Client, runId, lastEventId: seen.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var current = await resumed.NextAsync();
            fixture.Faults.Release(runId);
            var newer = await resumed.RestAsync();

            Assert.NotNull(current);
            Assert.True(current.Id > seen, $"current state {current.Id} after Last-Event-ID {seen}");
            Assert.Equal("completed", newer[^1].Event);
            var ids = newer.Select(e => e.Id).Prepend(current.Id).ToList();
            Assert.True(ids.Zip(ids.Skip(1)).All(p => p.First < p.Second), $"ids {string.Join(", ", ids)}");
        }
        finally
        {
            fixture.Faults.Release(runId);
        }
    }

    [Fact]
    public async Task Ids_keep_increasing_past_a_Last_Event_ID_beyond_the_runs_own_sequence()
    {
        // as after a failover that restarted the run's sequence: the client's ids must still only increase
        var runId = await SubmitAsync("ahead-" + Guid.NewGuid().ToString("N"), trades: 2);
        var finished = await RunClient.ReadEventsAsync(Client, runId);
        var ahead = finished[^1].Id + 1000;

        await using var resumed = await EventStream.OpenAsync(Client, runId, lastEventId: ahead.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var current = await resumed.NextAsync();

        Assert.NotNull(current);
        Assert.Equal("completed", current.Event);
        Assert.Equal(ahead + 1, current.Id);
    }

    [Fact]
    public async Task AQuietStreamCarriesKeepAliveCommentsBetweenWholeEvents()
    {
        var (clientRunId, runId) = NewRunId("quiet");
        fixture.Faults.Hold(runId);
        try
        {
            await SubmitAsync(clientRunId, trades: 130);
            using var timeout = new CancellationTokenSource(Within);
            using var response = await Client.GetAsync($"/v1/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            var text = new StringBuilder();
            var cancelled = false;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                text.Append(line).Append('\n');
                if (line.StartsWith(':') && !cancelled)
                {
                    cancelled = true;
                    (await Client.DeleteAsync($"/v1/runs/{runId}", timeout.Token)).EnsureSuccessStatusCode();
                }
            }

            var events = await SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()))).EnumerateAsync().Select(RunClient.Parse).ToListAsync();
            Assert.True(text.ToString().Contains("\n\n: keep-alive\n\n", StringComparison.Ordinal), text.ToString());
            Assert.Equal("cancelled", events[^1].Event);
            Assert.All(events[..^1], e => Assert.Equal("progress", e.Event));
        }
        finally
        {
            fixture.Faults.Release(runId);
        }
    }

    [Theory]
    [InlineData("run-never-submitted")]
    [InlineData("not a run id")]
    public async Task AnUnknownRunIsANotFoundProblem(string runId)
    {
        using var response = await Client.GetAsync($"/v1/runs/{Uri.EscapeDataString(runId)}/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No such run.", problem.GetProperty("title").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    private static (string ClientRunId, string RunId) NewRunId(string prefix)
    {
        var clientRunId = $"{prefix}-{Guid.NewGuid():N}";
        return (clientRunId, "run-" + clientRunId);
    }

    /// <summary>Submits a run of <paramref name="trades"/> options for pv; the fixture makes a batch of each 64 (one summation block).</summary>
    private async Task<string> SubmitAsync(string clientRunId, int trades)
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var array = new JsonArray();
        for (var i = 0; i < trades; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-t{i}";
            trade["book"] = book;
            array.Add(trade);
        }

        await RunClient.StoreTradesAsync(Client, array);
        var marketDataId = await RunClient.StoreMarketDataAsync(Client, Requests.MarketData());
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv"), ["clientRunId"] = clientRunId };
        return (await RunClient.SubmitAsync(Client, run)).RunId;
    }

    /// <summary>An open event stream read one event at a time; disposing it drops the connection.</summary>
    private sealed class EventStream(HttpResponseMessage response, IAsyncEnumerator<SseItem<string>> items, CancellationTokenSource timeout) : IAsyncDisposable
    {
        public static async Task<EventStream> OpenAsync(HttpClient client, string runId, string? lastEventId)
        {
            var timeout = new CancellationTokenSource(Within);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{runId}/events");
            if (lastEventId is not null)
            {
                request.Headers.Add("Last-Event-ID", lastEventId);
            }

            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            return new EventStream(response, SseParser.Create(stream).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token), timeout);
        }

        /// <summary>The next event; null at the end of the stream.</summary>
        public async Task<ServerSentEvent?> NextAsync() => await items.MoveNextAsync() ? RunClient.Parse(items.Current) : null;

        /// <summary>Every event up to the end of the stream.</summary>
        public async Task<List<ServerSentEvent>> RestAsync()
        {
            var events = new List<ServerSentEvent>();
            while (await NextAsync() is { } next)
            {
                events.Add(next);
            }

            return events;
        }

        public async ValueTask DisposeAsync()
        {
            await items.DisposeAsync();
            response.Dispose();
            timeout.Dispose();
        }
    }
}
