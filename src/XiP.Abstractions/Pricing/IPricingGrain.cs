namespace XiP.Abstractions.Pricing;

/// <summary>Synchronous pricing and curve calibration: pure work, no state, any silo.</summary>
[Alias("xip.IPricingGrain")]
public interface IPricingGrain : IGrainWithIntegerKey
{
    /// <summary>Prices the trades of <paramref name="request"/> on its market data.</summary>
    /// <remarks>
    /// The request is not copied on a call within one process (the embedded gateway's): the caller does not
    /// change it once sent, and the grain only reads it. The response is immutable too.
    /// </remarks>
    /// <exception cref="InvalidMarketDataException">A curve cannot be calibrated; the path is <c>curves.NAME</c>.</exception>
    /// <param name="cancellationToken">The caller's: a client that went away (its request aborted) stops the work it asked for.</param>
    [Alias("Price")]
    Task<PriceResponse> PriceAsync([Immutable] PriceRequest request, CancellationToken cancellationToken = default);

    /// <summary>Calibrates every curve of <paramref name="marketData"/>, to refuse a snapshot that could never price.</summary>
    /// <exception cref="InvalidMarketDataException">A curve cannot be calibrated; the path is <c>curves.NAME</c>.</exception>
    [Alias("Check")]
    Task CheckAsync(XiP.Abstractions.MarketData.MarketDataSpec marketData);

    /// <summary>Calibrates the curve of <paramref name="request"/> and reads discount factors off it.</summary>
    /// <exception cref="InvalidMarketDataException">The curve cannot be calibrated.</exception>
    [Alias("Calibrate")]
    Task<CalibrateResponse> CalibrateAsync(CalibrateRequest request, CancellationToken cancellationToken = default);
}
