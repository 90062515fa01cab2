using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace XiP.Benchmarks.Live;

/// <summary>One subscriber: reads a subscription's SSE stream and stamps each update with the time it was read.</summary>
internal sealed class LiveStreamReader
{
    private readonly List<(long Version, long Timestamp)> _received = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _firstEvent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task FirstEvent => _firstEvent.Task;

    /// <summary>Streams that were refused or broke off and were opened again.</summary>
    public int Reopened { get; private set; }

    /// <summary>Updates after the first event (the whole state), in the order read.</summary>
    public IReadOnlyList<(long Version, long Timestamp)> Updates
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
        string? data = null;
        try
        {
            using var response = await http.GetAsync($"/v1/subscriptions/{subscriptionId}/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Reopened++;
                return;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line[5..].TrimStart();
                }
                else if (line.Length == 0 && data is not null)
                {
                    var at = Stopwatch.GetTimestamp();
                    var version = VersionOf(data);
                    lock (_gate)
                    {
                        _received.Add((version, at));
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
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            Reopened++;
        }
    }

    // the version is the update's first member: reading on through every trade would cost the client as much as the gateway
    private static long VersionOf(string data)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(data));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }
        }

        throw new InvalidDataException("an update without a version: " + data[..Math.Min(200, data.Length)]);
    }
}
