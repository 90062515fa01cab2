using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using XiP.Abstractions.Pricing;
using XiP.Grains.Pricing;
using XiP.Grains.Placement;

namespace XiP.Hosting;

/// <summary>A silo's roles and size published as silo metadata, the role filter, and placement as configured (<c>XiP:Placement</c>).</summary>
internal static class PlacementComposition
{
    /// <summary>Orleans' resource-optimized placement weights (its <c>ResourceOptimizedPlacementOptions</c>).</summary>
    public const string ResourceOptimizedSection = PlacementOptions.SectionName + ":ResourceOptimized";

    public static void UseXiPPlacement(this ISiloBuilder silo, IConfiguration configuration)
    {
        IReadOnlyList<string> roles;
        try
        {
            roles = SiloRoles.Parse(configuration[SiloRoles.Setting]);
        }
        catch (ArgumentException e)
        {
            throw new XiPConfigurationException(SiloRoles.Setting, e.Message);
        }

        var cores = configuration.GetValue<int?>(SiloRoles.CoresSetting) ?? Environment.ProcessorCount;
        if (cores < 1)
        {
            throw new XiPConfigurationException(SiloRoles.CoresSetting, $"must be a positive number of cores; it is {cores}.");
        }

        var local = new LocalSiloRoles(roles, cores);
        silo.UseSiloMetadata(SiloRoles.Metadata(local));
        silo.Services.AddSingleton(local);

        // a gateway co-hosted with this silo (embedded mode) prices in process, saving a grain hop per request, only
        // where the pricing grain could be placed itself: on a compute silo; otherwise it asks the cluster
        if (roles.Contains(SiloRoles.Compute))
        {
            silo.Services.AddSingleton<ILocalPricing>(sp => sp.GetRequiredService<RequestPricing>());
        }

        // one filter strategy per grain type, initialised from that type's properties: transient, as Orleans' own are
        silo.Services.AddPlacementFilter<SiloRoleFilter, SiloRoleFilterDirector>(ServiceLifetime.Transient);
        silo.Services.AddSingleton<IPlacementStrategyResolver, ConfiguredPlacementStrategies>();
        silo.Services.AddSingleton<ComputeSilos>();
        silo.Services.AddOptions<PlacementOptions>().Bind(configuration.GetSection(PlacementOptions.SectionName))
            .Validate(o => o.BatchesPerCore > 0, $"{PlacementOptions.SectionName}:BatchesPerCore must be positive.")
            .Validate(o => o.RoleWaitTimeout > TimeSpan.Zero, $"{PlacementOptions.SectionName}:RoleWaitTimeout must be positive.")
            .Validate(
                o => o.Strategies.Values.All(ConfiguredPlacementStrategies.Known.ContainsKey),
                $"{PlacementOptions.SectionName}:Strategies: each value must be one of {string.Join(", ", ConfiguredPlacementStrategies.Known.Keys)}.")
            .ValidateOnStart();
        silo.Services.AddOptions<ResourceOptimizedPlacementOptions>().Bind(configuration.GetSection(ResourceOptimizedSection));
        silo.AddOutgoingGrainCallFilter<CallOrigin.Outgoing>();
        silo.AddIncomingGrainCallFilter<CallOrigin.Incoming>();
    }
}
