namespace XiP.Abstractions.Pricing;

/// <summary>
/// Synchronous pricing in this very process, with no grain call: what a silo offers the gateway it is co-hosted with
/// (embedded mode). It prices exactly as <see cref="IPricingGrain.PriceAsync"/> does, with the same per-silo cache of
/// calibrated markets; a cluster-mode gateway has none and calls the grain.
/// </summary>
public interface ILocalPricing
{
    /// <inheritdoc cref="IPricingGrain.PriceAsync"/>
    PriceResponse Price(PriceRequest request, CancellationToken cancellationToken);
}
