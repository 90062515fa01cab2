using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace XiP.Gateway.Apis;

/// <summary>
/// How many event streams (runs' and subscriptions') each client address holds open: a stream holds a subscription
/// and a connection for as long as it lasts, so one client must not be able to hold them all (<c>XiP:Gateway:MaxEventStreamsPerClient</c>).
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

    /// <summary>
    /// Readies <paramref name="context"/>'s response to be an event stream: takes a lease held until the response is
    /// done, however it ends, and reads the client's <c>Last-Event-ID</c> (-1 when none) into <paramref name="lastEventId"/>.
    /// </summary>
    /// <param name="instead">What the client may read instead, named in the refusal.</param>
    /// <returns>The 429 to answer when the client holds <see cref="Limit"/> streams already; null when the stream may start.</returns>
    public ProblemHttpResult? TryOpen(HttpContext context, string instead, out long lastEventId)
    {
        lastEventId = -1;
        if (TryAcquire(context.Connection.RemoteIpAddress) is not { } lease)
        {
            context.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many event streams open.",
                detail: $"This client holds {Limit} event streams open already; close one, or read {instead}.");
        }

        context.Response.RegisterForDispose(lease);

        // a proxy that buffers would hold every event back until the stream ends
        context.Response.Headers["X-Accel-Buffering"] = "no";
        if (long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var seen))
        {
            lastEventId = seen;
        }

        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
