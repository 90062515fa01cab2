using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Apis;

/// <summary>
/// How many run-event streams each client address holds open: a stream holds a subscription and a connection for
/// as long as the run lasts, so one client must not be able to hold them all (<c>XiP:Gateway:MaxEventStreamsPerClient</c>).
/// </summary>
public sealed class EventStreamLeases(IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => options.Value.MaxEventStreamsPerClient;

    /// <summary>A lease for one more stream of <paramref name="client"/>, to dispose when it ends; null when the client holds <see cref="Limit"/> already.</summary>
    public IDisposable? TryAcquire(IPAddress? client)
    {
        var key = client?.ToString() ?? string.Empty;
        while (true)
        {
            var open = _open.GetValueOrDefault(key);
            if (open >= Limit)
            {
                return null;
            }

            if (open == 0 ? _open.TryAdd(key, 1) : _open.TryUpdate(key, open + 1, open))
            {
                return new Lease(this, key);
            }
        }
    }

    private void Release(string key)
    {
        while (true)
        {
            var open = _open[key];
            if (open == 1 ? _open.TryRemove(KeyValuePair.Create(key, 1)) : _open.TryUpdate(key, open - 1, open))
            {
                return;
            }
        }
    }

    private sealed class Lease(EventStreamLeases leases, string key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                leases.Release(key);
            }
        }
    }
}
