using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using XiP.Contracts;
using XiP.Contracts.Results;
using XiP.Contracts.Runs;

namespace XiP.Client;

public sealed partial class XiPClient
{
    /// <summary>Submits a risk run; the answer (202) is the run as just accepted. The same <see cref="RunRequest.ClientRunId"/> reaches the same run.</summary>
    public Task<RunStatus> SubmitRunAsync(RunRequest run, CancellationToken cancellationToken = default) =>
        SendAsync<RunStatus>(HttpMethod.Post, "v1/runs", Json(run), cancellationToken);

    public Task<RunStatus> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<RunStatus>(HttpMethod.Get, $"v1/runs/{Segment(runId)}", null, cancellationToken);

    /// <summary>The most recent runs, newest first.</summary>
    public Task<List<RunListEntry>> ListRunsAsync(int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<List<RunListEntry>>(HttpMethod.Get, "v1/runs" + (limit is { } l ? $"?limit={l}" : string.Empty), null, cancellationToken);

    /// <summary>Cancels a run; once this returns, the run writes no more results. The answer is the run's state after it.</summary>
    public Task<RunStatus> CancelRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<RunStatus>(HttpMethod.Delete, $"v1/runs/{Segment(runId)}", null, cancellationToken);

    /// <summary>One page of a run's results in (trade, measure) order, starting at <paramref name="cursor"/> (the first page when null).</summary>
    public Task<ResultPage> GetResultPageAsync(string runId, ResultQuery? query = null, string? cursor = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>();
        Add("measure", query?.Measure);
        Add("book", query?.Book);
        Add("limit", query?.PageSize?.ToString(CultureInfo.InvariantCulture));
        Add("cursor", cursor);
        var path = $"v1/runs/{Segment(runId)}/results" + (parameters.Count == 0 ? string.Empty : "?" + string.Join('&', parameters));
        return SendAsync<ResultPage>(HttpMethod.Get, path, null, cancellationToken);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parameters.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
    }

    /// <summary>Every result of a run, page after page; only one page is held at a time.</summary>
    public async IAsyncEnumerable<ResultItem> GetResultsAsync(string runId, ResultQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await GetResultPageAsync(runId, query, cursor, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>
    /// Follows a run's server-sent events: progress, then one terminal event, after which the sequence ends.
    /// When the connection drops before the end, it reconnects with <c>Last-Event-ID</c> (and skips what it
    /// has already seen), up to <see cref="XiPClientOptions.MaxReconnectAttempts"/> times in a row without a new event; then it
    /// throws an <see cref="HttpRequestException"/>. Pass <paramref name="lastEventId"/> to resume an earlier watch.
    /// </summary>
    public async IAsyncEnumerable<RunEvent> WatchRunAsync(string runId, string? lastEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var lastSequence = SequenceOf(lastEventId);
        var attempts = 0;
        var connected = false;
        TimeSpan? retry = null;
        while (true)
        {
            var response = await ConnectEventsAsync($"v1/runs/{Segment(runId)}/events", lastEventId, reconnecting: connected && attempts < _options.MaxReconnectAttempts, cancellationToken);
            if (response is not null)
            {
                connected = true;
                using (response)
                {
                    var parser = SseParser.Create(await response.Content.ReadAsStreamAsync(cancellationToken), ParseData);
                    await using var items = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                    while (await TryMoveNextAsync(items, cancellationToken))
                    {
                        // the id an event carries is the last one the stream named (the standard's last event ID buffer)
                        var id = parser.LastEventId is { Length: > 0 } named ? named : null;
                        lastEventId = id ?? lastEventId;
                        if (ToRunEvent(items.Current, id) is not { } runEvent)
                        {
                            continue;
                        }

                        // on reconnecting the server repeats the run's current state first
                        var sequence = SequenceOf(runEvent.Id);
                        if (runEvent is RunProgressEvent && sequence <= lastSequence)
                        {
                            continue;
                        }

                        attempts = 0;
                        lastSequence = sequence ?? lastSequence;
                        yield return runEvent;
                        if (runEvent is RunTerminalEvent)
                        {
                            yield break;
                        }
                    }

                    // the parser reports no retry field as an infinite interval
                    retry = parser.ReconnectionInterval == Timeout.InfiniteTimeSpan ? retry : parser.ReconnectionInterval;
                }
            }

            if (++attempts > _options.MaxReconnectAttempts)
            {
                throw new HttpRequestException(
                    HttpRequestError.ResponseEnded,
                    $"The event stream of run '{runId}' ended before the run did, {attempts} times in a row.");
            }

            await Task.Delay(retry ?? _options.ReconnectDelay, cancellationToken);
        }
    }

    /// <summary>The open event stream; null when reconnecting failed at the connection level and may be tried again.</summary>
    private async Task<HttpResponseMessage?> ConnectEventsAsync(string path, string? lastEventId, bool reconnecting, CancellationToken cancellationToken)
    {
        using var request = Authenticated(new HttpRequestMessage(HttpMethod.Get, path));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (reconnecting && e.StatusCode is null)
        {
            return null;
        }

        try
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next event; false at the end of the stream, or where the connection broke (then the caller reconnects).</summary>
    private static async Task<bool> TryMoveNextAsync<T>(IAsyncEnumerator<SseItem<T>> items, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The data of the events this client knows; null for any other event, which is skipped.</summary>
    private static RunEventData? ParseData(string eventType, ReadOnlySpan<byte> data) =>
        IsTerminal(eventType) || eventType == "progress"
            ? JsonSerializer.Deserialize<RunEventData>(data, ContractJson.Options) ?? throw new JsonException($"A '{eventType}' event carried no data.")
            : null;

    private static RunEvent? ToRunEvent(SseItem<RunEventData?> item, string? id) => item.Data switch
    {
        null => null,
        var d when IsTerminal(item.EventType) => new RunTerminalEvent(id, d.RunId, d.Status, d.Total, d.Done, d.Failed),
        var d => new RunProgressEvent(id, d.RunId, d.Status, d.Total, d.Done, d.Failed),
    };

    private static bool IsTerminal(string eventType) => eventType is "completed" or "failed" or "cancelled";

    private static long? SequenceOf(string? eventId) =>
        long.TryParse(eventId, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
}
