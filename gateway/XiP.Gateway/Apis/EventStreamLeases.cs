using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Apis;

/// <summary>
/// How many run-event streams each client address holds open: a stream holds a subscription and a connection for
/// as long as the run lasts, so one client must not be able to hold them all (<c>XiP:Gateway:MaxEventStreamsPerClient</c>).
/// </summary>
public sealed class EventStreamLeases(IOptions<GatewayOptions> options) : IDisposable
{
    // one concurrency limiter per address, none queued; the partitioned limiter drops those of idle addresses
    private readonly PartitionedRateLimiter<IPAddress?> _limiter = PartitionedRateLimiter.Create<IPAddress?, string>(client =>
        RateLimitPartition.GetConcurrencyLimiter(client?.ToString() ?? string.Empty, _ => new ConcurrencyLimiterOptions { PermitLimit = options.Value.MaxEventStreamsPerClient, QueueLimit = 0 }));

    public int Limit => options.Value.MaxEventStreamsPerClient;

    /// <summary>A lease for one more stream of <paramref name="client"/>, to dispose when it ends; null when the client holds <see cref="Limit"/> already.</summary>
    public IDisposable? TryAcquire(IPAddress? client)
    {
        var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
