using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace XiP.Grains.Placement;

/// <summary>
/// Keeps the silos that published the grain type's role. This silo's own roles come from its configuration (its
/// metadata may not be in the cache yet while it starts); another silo whose metadata is not known yet is left out.
/// </summary>
public sealed class SiloRoleFilterDirector(ISiloMetadataCache metadata, ILocalSiloDetails local, LocalSiloRoles localRoles) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var role = ((SiloRoleFilter)filterStrategy).Role;
        return silos.Where(silo => silo.Equals(local.SiloAddress) ? localRoles.Roles.Contains(role) : SiloRoles.Of(metadata.GetSiloMetadata(silo)).Contains(role));
    }
}

/// <summary>
/// This silo's roles (<see cref="SiloRoles.Setting"/>) and the cores it offers (<see cref="SiloRoles.CoresSetting"/>,
/// by default the processors it may use), read at start-up.
/// </summary>
public sealed record LocalSiloRoles(IReadOnlyList<string> Roles, int Cores);
