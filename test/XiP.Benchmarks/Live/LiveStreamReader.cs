using System.Diagnostics;
using System.Text.Json;

namespace XiP.Benchmarks.Live;

/// <summary>One subscriber: reads a subscription's SSE stream and stamps each update with the time it was read.</summary>
internal sealed class LiveStreamReader
{
    private readonly List<(long Version, long Timestamp, int Changed)> _received = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstEvent => _firstEvent.Task;

    /// <summary>Updates after the first event (the whole state), in the order read.</summary>
    public IReadOnlyList<(long Version, long Timestamp, int Changed)> Updates
    {
        get
        {
            lock (_gate)
            {
                return _received.Skip(1).ToList();
            }
        }
    }

    public long LastVersion
    {
        get
        {
            lock (_gate)
            {
                return _received.Count == 0 ? 0 : _received[^1].Version;
            }
        }
    }

    /// <summary>Reads until cancelled; a stream that ends (a subscription not priced yet answers no state and closes) is opened again, as EventSource would.</summary>
    public async Task ReadAsync(HttpClient http, string subscriptionId, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await ReadOnceAsync(http, subscriptionId, cancellationToken);
            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadOnceAsync(HttpClient http, string subscriptionId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/v1/subscriptions/{subscriptionId}/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? data = null;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].TrimStart();
                }
                else if (line.Length == 0 && data is not null)
                {
                    var at = Stopwatch.GetTimestamp();
                    using var update = JsonDocument.Parse(data);
                    var version = update.RootElement.GetProperty("version").GetInt64();
                    var changed = update.RootElement.GetProperty("changed").GetArrayLength();
                    lock (_gate)
                    {
                        _received.Add((version, at, changed));
                    }

                    _firstEvent.TrySetResult();
                    data = null;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the run is over
        }
    }
}
