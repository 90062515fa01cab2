using Microsoft.AspNetCore.Http.HttpResults;
using XiP.Abstractions;
using XiP.Abstractions.Placement;

using XiP.Gateway.Security;

namespace XiP.Gateway.Apis;

/// <summary>
/// <c>GET /v1/cluster</c>: the silos with their roles, size, drained flag, load and activations per grain type; and
/// draining: <c>POST /v1/cluster/silos/{address}/drain</c> and <c>…/undrain</c>.
/// </summary>
public static class ClusterApi
{
    private static readonly string[] Roles = ["control", "compute"];

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", Get)
            .WithTags("Cluster")
            .RequireAuthorization(XiPRoles.Admin)
            .WithName("GetCluster")
            .WithSummary("The cluster's silos (status, roles, cores, drained, activations by grain type, load) and the roles no active silo has.")
            .WithDescription("Silos the membership table lists as dead are left out; statistics are those each silo last collected.")
            .Produces<ClusterView>();
        app.MapPost("/v1/cluster/silos/{address}/drain", (string address, IGrainFactory grains) => SetDrainedAsync(address, drained: true, grains))
            .WithTags("Cluster")
            .RequireAuthorization(XiPRoles.Admin)
            .WithName("DrainSilo")
            .WithSummary("Drains a silo: it takes no new compute batches; the batches running there finish.")
            .Produces<SiloView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/v1/cluster/silos/{address}/undrain", (string address, IGrainFactory grains) => SetDrainedAsync(address, drained: false, grains))
            .WithTags("Cluster")
            .RequireAuthorization(XiPRoles.Admin)
            .WithName("UndrainSilo")
            .WithSummary("Undrains a silo: it takes compute batches again.")
            .Produces<SiloView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<ClusterView>> Get(IGrainFactory grains) => TypedResults.Ok(await ViewAsync(grains));

    private static async Task<Results<Ok<SiloView>, ProblemHttpResult>> SetDrainedAsync(string address, bool drained, IGrainFactory grains)
    {
        if (!await grains.GetGrain<IClusterPlacementGrain>(GrainKeys.Singleton).SetDrainedAsync(address, drained))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such silo", detail: $"No active silo has the address '{address}' (ip:port@generation, as GET /v1/cluster lists it).");
        }

        var silo = (await ViewAsync(grains)).Silos.Single(s => s.Address == address);
        return TypedResults.Ok(silo);
    }

    private static async Task<ClusterView> ViewAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var members = (await management.GetDetailedHosts(onlyActive: false)).Where(m => m.Status != SiloStatus.Dead).ToArray();
        var placement = (await grains.GetGrain<IClusterPlacementGrain>(GrainKeys.Singleton).SilosAsync()).ToDictionary(p => p.Address, StringComparer.Ordinal);

        // statistics come from the silos themselves, so only active ones can answer
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var grainStatistics = active.Length == 0 ? [] : await management.GetSimpleGrainStatistics(active);
        var bySilo = active.Zip(statistics).ToDictionary(p => p.First, p => p.Second);
        var activations = grainStatistics
            .Where(g => g.ActivationCount > 0)
            .GroupBy(g => g.SiloAddress)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.OrderBy(s => s.GrainType, StringComparer.Ordinal).ToDictionary(s => s.GrainType, s => s.ActivationCount));

        var silos = members
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .Select(m => SiloView.Of(
                m,
                placement.GetValueOrDefault(m.SiloAddress.ToParsableString()),
                bySilo.GetValueOrDefault(m.SiloAddress),
                activations.GetValueOrDefault(m.SiloAddress) ?? new Dictionary<string, int>()))
            .ToList();
        var present = silos.Where(s => s.Status == SiloStatus.Active).SelectMany(s => s.Roles).ToHashSet(StringComparer.Ordinal);
        return new ClusterView(silos, [.. Roles.Where(r => !present.Contains(r))]);
    }
}

/// <summary>The cluster as <c>GET /v1/cluster</c> shows it: its silos and the roles no active silo has.</summary>
public sealed record ClusterView(List<SiloView> Silos, List<string> MissingRoles);

/// <summary>
/// A silo: its membership entry, the roles and size it published, whether it is drained, its activations by grain
/// type and, when it is active, its last runtime statistics (memory in bytes, CPU in percent, both smoothed by Orleans).
/// </summary>
public sealed record SiloView(
    string Address,
    string Name,
    string HostName,
    SiloStatus Status,
    IReadOnlyList<string> Roles,
    int? Cores,
    long? Memory,
    bool Drained,
    IReadOnlyDictionary<string, int> Activations,
    DateTime StartedAt,
    float? CpuUsage,
    long? MemoryUsage,
    long? AvailableMemory,
    bool? IsOverloaded,
    long? ClientCount,
    long? ReceivedMessages,
    long? SentMessages)
{
    public static SiloView Of(MembershipEntry member, SiloPlacement? placement, SiloRuntimeStatistics? statistics, IReadOnlyDictionary<string, int> activations) => new(
        member.SiloAddress.ToParsableString(),
        member.SiloName,
        member.HostName,
        member.Status,
        placement?.Roles ?? [],
        placement?.Cores,
        placement?.Memory,
        placement?.Drained ?? false,
        activations,
        member.StartTime,
        statistics?.EnvironmentStatistics.FilteredCpuUsagePercentage,
        statistics?.EnvironmentStatistics.FilteredMemoryUsageBytes,
        statistics?.EnvironmentStatistics.FilteredAvailableMemoryBytes,
        statistics?.IsOverloaded,
        statistics?.ClientCount,
        statistics?.ReceivedMessages,
        statistics?.SentMessages);
}
