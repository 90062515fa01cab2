namespace XiP.Gateway;

/// <summary>Limits of the HTTP gateway (configuration section <c>XiP:Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "XiP:Gateway";

    /// <summary>The largest request body accepted, in bytes (<c>XiP:Gateway:MaxRequestBodyBytes</c>); larger bodies get a 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest bulk upload (<c>POST /v1/trades</c>) accepted, in bytes (<c>XiP:Gateway:MaxBulkUploadBytes</c>, default 1 GiB); it is read as it arrives, never held whole.</summary>
    public long MaxBulkUploadBytes { get; set; } = 1L << 30;

    /// <summary>The most trades one <c>POST /v1/price</c> may carry (<c>XiP:Gateway:MaxTradesPerPriceRequest</c>).</summary>
    public int MaxTradesPerPriceRequest { get; set; } = 100_000;

    /// <summary>How many run-event streams one client address may hold open at once (<c>XiP:Gateway:MaxEventStreamsPerClient</c>); one more is answered 429.</summary>
    public int MaxEventStreamsPerClient { get; set; } = 64;

    /// <summary>How long (a positive time) an event stream may stay quiet before a keep-alive comment goes out (<c>XiP:Gateway:EventKeepAlive</c>, default 15 s), so that proxies keep it open.</summary>
    public TimeSpan EventKeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
