using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace XiP.Grains.Placement;

/// <summary>
/// What a silo does (<c>XiP:Silo:Roles</c>) and how big it is, as it publishes them in its Orleans silo metadata:
/// <see cref="Control"/> silos host runs, books, trades, market data, scenario sets and the registries;
/// <see cref="Compute"/> silos price (compute batches, synchronous pricing). A silo may have both (the default).
/// </summary>
public static class SiloRoles
{
    public const string Control = "control";
    public const string Compute = "compute";

    /// <summary>The configuration key of a silo's roles (comma-separated).</summary>
    public const string Setting = "XiP:Silo:Roles";

    /// <summary>The configuration key of the cores a silo offers for compute batches; by default its processor count.</summary>
    public const string CoresSetting = "XiP:Silo:Cores";

    /// <summary>Metadata keys: the roles (comma-separated), the processor count and the memory (bytes) the silo may use.</summary>
    public const string RolesKey = "xip.roles";
    public const string CoresKey = "xip.cores";
    public const string MemoryKey = "xip.memory";

    public static readonly IReadOnlyList<string> All = [Control, Compute];

    /// <summary>The roles a configuration value names: both when it is empty.</summary>
    /// <exception cref="ArgumentException">A name that is not a role, or no role at all.</exception>
    public static IReadOnlyList<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return All;
        }

        var roles = value.Split([',', '+'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant())
            .Distinct()
            .ToList();
        if (roles.FirstOrDefault(r => !All.Contains(r)) is { } unknown)
        {
            throw new ArgumentException($"'{unknown}' is not a silo role; the roles are {string.Join(", ", All)} (comma-separated, or both when empty).");
        }

        return [.. All.Where(roles.Contains)];
    }

    /// <summary>The metadata this silo publishes.</summary>
    public static Dictionary<string, string> Metadata(LocalSiloRoles silo) => new()
    {
        [RolesKey] = string.Join(',', silo.Roles),
        [CoresKey] = silo.Cores.ToString(CultureInfo.InvariantCulture),
        [MemoryKey] = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The roles a silo published; none while its metadata is not known yet.</summary>
    public static IReadOnlyList<string> Of(SiloMetadata metadata) =>
        metadata.Metadata.TryGetValue(RolesKey, out var roles) ? roles.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

    /// <summary>The processor count a silo published; 1 when it published none.</summary>
    public static int CoresOf(SiloMetadata metadata) =>
        metadata.Metadata.TryGetValue(CoresKey, out var cores) && int.TryParse(cores, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    /// <summary>The memory a silo published, in bytes; null when it published none.</summary>
    public static long? MemoryOf(SiloMetadata metadata) =>
        metadata.Metadata.TryGetValue(MemoryKey, out var memory) && long.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
