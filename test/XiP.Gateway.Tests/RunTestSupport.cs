using System.Globalization;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Grains.Runs;

namespace XiP.Gateway.Tests;

/// <summary>Holds chosen batch attempts until the test lets them go, and fails others on purpose.</summary>
public sealed class GatedFaults : IBatchFaultInjector
{
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _held = [];
    private readonly Dictionary<string, (int Attempts, bool StoreDown)> _failFirstAttempts = [];

    /// <summary>Batches of <paramref name="runId"/> other than batch 0 wait until <see cref="Release"/>.</summary>
    public void Hold(string runId)
    {
        lock (_gate)
        {
            _held[runId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release(string runId)
    {
        lock (_gate)
        {
            if (_held.Remove(runId, out var release))
            {
                release.TrySetResult();
            }
        }
    }

    /// <summary>
    /// The first <paramref name="attempts"/> attempts of every batch of <paramref name="runId"/> throw: as a store that
    /// is down does when <paramref name="storeDown"/>, else as a fault of the batch.
    /// </summary>
    public void FailFirstAttempts(string runId, int attempts, bool storeDown = false)
    {
        lock (_gate)
        {
            _failFirstAttempts[runId] = (attempts, storeDown);
        }
    }

    public Task BeforeComputeAsync(string runId, int batchIndex, int attempt, CancellationToken cancellationToken)
    {
        Task? hold = null;
        lock (_gate)
        {
            if (_failFirstAttempts.TryGetValue(runId, out var failing) && attempt <= failing.Attempts)
            {
                throw failing.StoreDown
                    ? new XiP.Abstractions.StorageUnavailableException($"injected outage at batch {batchIndex}, attempt {attempt}")
                    : new InvalidOperationException($"injected failure of batch {batchIndex}, attempt {attempt}");
            }

            if (batchIndex > 0 && _held.TryGetValue(runId, out var release))
            {
                hold = release.Task;
            }
        }

        return hold is null ? Task.CompletedTask : hold.WaitAsync(cancellationToken);
    }
}

/// <summary>A server-sent event as the client sees it.</summary>
public sealed record ServerSentEvent(long Id, string Event, JsonElement Data);

internal static class RunClient
{
    public static async Task<string> StoreMarketDataAsync(HttpClient client, JsonObject marketData)
    {
        var id = "md-" + Guid.NewGuid().ToString("N");
        (await client.PutAsJsonAsync($"/v1/market-data/{id}", marketData)).EnsureSuccessStatusCode();
        return id;
    }

    public static async Task<string> StoreScenarioSetAsync(HttpClient client, JsonObject set)
    {
        var id = "ss-" + Guid.NewGuid().ToString("N");
        var response = await client.PutAsJsonAsync($"/v1/scenario-sets/{id}", set);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return id;
    }

    public static async Task StoreTradesAsync(HttpClient client, JsonArray trades)
    {
        var response = await client.PostAsJsonAsync("/v1/trades", trades);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(string RunId, JsonElement Status)> SubmitAsync(HttpClient client, JsonObject run)
    {
        var response = await client.PostAsJsonAsync("/v1/runs", run);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, text);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/v1/runs/", location);
        return (location["/v1/runs/".Length..], JsonDocument.Parse(text).RootElement);
    }

    /// <summary>Reads the run's event stream until its terminal event (the server closes it then).</summary>
    public static async Task<List<ServerSentEvent>> ReadEventsAsync(HttpClient client, string runId, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{runId}/events");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<ServerSentEvent>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token))
        {
            events.Add(Parse(item));
        }

        return events;
    }

    /// <summary>An event as the gateway sends them: each names its own id.</summary>
    public static ServerSentEvent Parse(SseItem<string> item)
    {
        Assert.NotNull(item.EventId);
        return new ServerSentEvent(long.Parse(item.EventId, CultureInfo.InvariantCulture), item.EventType, JsonDocument.Parse(item.Data).RootElement);
    }

    public static async Task<List<JsonElement>> ReadAllResultsAsync(HttpClient client, string runId, int pageSize = 100)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/v1/runs/{runId}/results?limit={pageSize}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = JsonDocument.Parse(await client.GetStringAsync(url)).RootElement;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }
}
