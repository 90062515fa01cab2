using Orleans.Metadata;
using Orleans.Placement;

namespace XiP.Grains.Placement;

/// <summary>
/// Activations of this grain type are placed only on silos with <paramref name="role"/> (see <see cref="SiloRoles"/>).
/// Orleans' own metadata filters match the caller's values; this one matches a fixed role, whoever calls.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloRoleAttribute(string role) : PlacementFilterAttribute(new SiloRoleFilter(role));

/// <summary>The placement filter of <see cref="SiloRoleAttribute"/>: the role travels in the grain type's properties.</summary>
public sealed class SiloRoleFilter : PlacementFilterStrategy
{
    private const string RoleProperty = "role";

    // Orleans makes one per grain type from the type's properties (see AdditionalInitialize)
    public SiloRoleFilter()
        : base(order: 0)
    {
    }

    public SiloRoleFilter(string role)
        : base(order: 0) => Role = role;

    public string Role { get; private set; } = string.Empty;

    public override void AdditionalInitialize(GrainProperties properties) =>
        Role = GetPlacementFilterGrainProperty(RoleProperty, properties) ?? string.Empty;

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties) =>
        [new(RoleProperty, Role)];
}
