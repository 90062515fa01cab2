using Microsoft.AspNetCore.Http.HttpResults;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary><c>GET /v1/cluster</c>: the silos of the cluster, their load, and activations per grain type, from Orleans' management grain.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", Get)
            .WithTags("Cluster")
            .RequireAuthorization(XiPRoles.Admin)
            .WithName("GetCluster")
            .WithSummary("The cluster's silos (status, activations, CPU, memory, messages) and the activation count of every grain type on every silo.")
            .WithDescription("Silos the membership table lists as dead are left out; statistics are those each silo last collected.")
            .Produces<ClusterView>();
        return app;
    }

    public static async Task<Ok<ClusterView>> Get(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var members = (await management.GetDetailedHosts(onlyActive: false)).Where(m => m.Status != SiloStatus.Dead).ToArray();

        // statistics come from the silos themselves, so only active ones can answer
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var grainStatistics = active.Length == 0 ? [] : await management.GetSimpleGrainStatistics(active);
        var bySilo = active.Zip(statistics).ToDictionary(p => p.First, p => p.Second);

        var silos = members
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(m => SiloView.Of(m, bySilo.GetValueOrDefault(m.SiloAddress)))
            .ToList();
        var grainTypes = grainStatistics
            .Where(g => g.ActivationCount > 0)
            .OrderBy(g => g.GrainType, StringComparer.Ordinal)
            .ThenBy(g => g.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(g => new GrainTypeView(g.GrainType, g.SiloAddress.ToParsableString(), g.ActivationCount))
            .ToList();
        return TypedResults.Ok(new ClusterView(silos, grainTypes));
    }
}

/// <summary>The cluster as <c>GET /v1/cluster</c> shows it.</summary>
public sealed record ClusterView(List<SiloView> Silos, List<GrainTypeView> GrainTypes);

/// <summary>A silo: its membership entry and, when it is active, its last runtime statistics (memory in bytes, CPU in percent, both smoothed by Orleans).</summary>
public sealed record SiloView(
    string Address,
    string Name,
    string HostName,
    SiloStatus Status,
    DateTime StartedAt,
    int? Activations,
    int? RecentlyUsedActivations,
    float? CpuUsage,
    long? MemoryUsage,
    long? AvailableMemory,
    long? MaximumAvailableMemory,
    bool? IsOverloaded,
    long? ClientCount,
    long? ReceivedMessages,
    long? SentMessages)
{
    public static SiloView Of(MembershipEntry member, SiloRuntimeStatistics? statistics) => new(
        member.SiloAddress.ToParsableString(),
        member.SiloName,
        member.HostName,
        member.Status,
        member.StartTime,
        statistics?.ActivationCount,
        statistics?.RecentlyUsedActivationCount,
        statistics?.EnvironmentStatistics.FilteredCpuUsagePercentage,
        statistics?.EnvironmentStatistics.FilteredMemoryUsageBytes,
        statistics?.EnvironmentStatistics.FilteredAvailableMemoryBytes,
        statistics?.EnvironmentStatistics.MaximumAvailableMemoryBytes,
        statistics?.IsOverloaded,
        statistics?.ClientCount,
        statistics?.ReceivedMessages,
        statistics?.SentMessages);
}

/// <summary>How many activations of one grain type one silo holds.</summary>
public sealed record GrainTypeView(string Type, string Silo, int Activations);
