namespace XiP.Grains.Runs;

/// <summary>
/// Which silo makes the cluster-wide run sweeps (<see cref="RunWatchdog"/>, <see cref="RunRetention"/>): the active silo with
/// the lowest address, so whichever silos come and go, one acts per round without any coordination.
/// </summary>
internal static class RunSweepLeader
{
    public static bool IsLocal(IClusterMembershipService membership, ILocalSiloDetails silo)
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToList();
        return active.Count > 0 && active.Min()!.Equals(silo.SiloAddress);
    }
}
