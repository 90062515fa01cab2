using XiP.Abstractions;
using XiP.Abstractions.Pricing;

namespace XiP.Gateway.Apis;

/// <summary>
/// What the pricing endpoints keep between requests, one per host. A grain reference is immutable and
/// thread-safe, and making one is not cheap (its proxy and argument copiers are built by reflection each
/// time), so the stateless pricing worker's reference is made once.
/// </summary>
public sealed class PricingGateway(IGrainFactory grains)
{
    /// <summary>The stateless pricing worker of the local silo (embedded mode) or of any silo (cluster mode).</summary>
    public IPricingGrain Pricing { get; } = grains.GetGrain<IPricingGrain>(GrainKeys.StatelessWorker);
}
