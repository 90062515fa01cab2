using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace XiP.Grains.Placement;

/// <summary>
/// The silos a run may send batches to, from this silo's view of the cluster: active, with the compute role, not
/// drained; each with its capacity (cores × <see cref="PlacementOptions.BatchesPerCore"/>).
/// </summary>
public sealed class ComputeSilos(
    IClusterMembershipService membership, ISiloMetadataCache metadata, ILocalSiloDetails local, LocalSiloRoles localRoles, IOptions<PlacementOptions> options)
{
    /// <summary>The active silos and their roles, cores and memory as published (this silo's own from its configuration).</summary>
    public IEnumerable<(SiloAddress Silo, IReadOnlyList<string> Roles, int Cores, long? Memory)> Active() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .Order()
            .Select(silo =>
            {
                var published = metadata.GetSiloMetadata(silo);
                var roles = silo.Equals(local.SiloAddress) ? localRoles.Roles : SiloRoles.Of(published);
                var cores = silo.Equals(local.SiloAddress) ? localRoles.Cores : SiloRoles.CoresOf(published);
                return (silo, roles, cores, SiloRoles.MemoryOf(published));
            });

    /// <summary>The active compute silos that are not <paramref name="drained"/>, with their capacities.</summary>
    public List<(SiloAddress Silo, int Capacity)> Available(IReadOnlySet<string> drained)
    {
        var perCore = options.Value.BatchesPerCore;
        return [.. Active()
            .Where(s => s.Roles.Contains(SiloRoles.Compute) && !drained.Contains(s.Silo.ToParsableString()))
            .Select(s => (s.Silo, Math.Max(1, s.Cores * perCore)))];
    }
}
