using Microsoft.Extensions.Options;
using Orleans.Metadata;
using Orleans.Runtime.Placement;

namespace XiP.Grains.Placement;

/// <summary>The placement strategies <see cref="PlacementOptions.Strategies"/> names, in place of the grain types' own.</summary>
public sealed class ConfiguredPlacementStrategies(IOptions<PlacementOptions> options) : IPlacementStrategyResolver
{
    /// <summary>The names a strategy may be given, and what each is.</summary>
    public static readonly IReadOnlyDictionary<string, Func<PlacementStrategy>> Known = new Dictionary<string, Func<PlacementStrategy>>(StringComparer.OrdinalIgnoreCase)
    {
        ["random"] = () => new RandomPlacement(),
        ["prefer-local"] = () => new PreferLocalPlacement(),
        ["activation-count"] = () => new ActivationCountBasedPlacement(),
        ["resource-optimized"] = () => new ResourceOptimizedPlacement(),
        ["hash"] = () => new HashBasedPlacement(),
    };

    public bool TryResolvePlacementStrategy(GrainType grainType, GrainProperties? properties, out PlacementStrategy result)
    {
        // a stateless worker keeps its placement: it is what lets it have many activations
        if (options.Value.Strategies.TryGetValue(grainType.ToString()!, out var name)
            && Known.TryGetValue(name, out var strategy)
            && !(properties?.Properties.TryGetValue(WellKnownGrainTypeProperties.PlacementStrategy, out var own) == true && own == "StatelessWorkerPlacement"))
        {
            result = strategy();
            return true;
        }

        result = null!;
        return false;
    }
}
