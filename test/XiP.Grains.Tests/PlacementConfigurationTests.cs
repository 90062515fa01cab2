using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Metadata;
using XiP.Grains.Placement;

namespace XiP.Grains.Tests;

/// <summary>What a platform team configures about placement: silo roles and strategies per grain type.</summary>
public sealed class PlacementConfigurationTests
{
    [Theory]
    [InlineData(null, "control,compute")]
    [InlineData("", "control,compute")]
    [InlineData("compute", "compute")]
    [InlineData(" Control , compute ", "control,compute")]
    [InlineData("control+compute", "control,compute")]
    [InlineData("compute,compute", "compute")]
    public void Roles_are_read_from_configuration_and_both_when_none_is_named(string? configured, string expected) =>
        Assert.Equal(expected, string.Join(',', SiloRoles.Parse(configured)));

    [Fact]
    public void A_role_that_does_not_exist_is_refused_naming_it()
    {
        var refused = Assert.Throws<ArgumentException>(() => SiloRoles.Parse("control,gpu"));
        Assert.Contains("'gpu'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_strategy_replaces_a_grain_types_own_but_never_a_stateless_workers()
    {
        var resolver = new ConfiguredPlacementStrategies(Options.Create(new PlacementOptions
        {
            Strategies = { ["xip-book"] = "prefer-local", ["xip-pricing"] = "random" },
        }));
        var statelessWorker = new GrainProperties(ImmutableDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create(WellKnownGrainTypeProperties.PlacementStrategy, "StatelessWorkerPlacement")]));

        Assert.True(resolver.TryResolvePlacementStrategy(GrainType.Create("xip-book"), null, out var book));
        Assert.IsType<PreferLocalPlacement>(book);
        Assert.False(resolver.TryResolvePlacementStrategy(GrainType.Create("xip-pricing"), statelessWorker, out _));
        Assert.False(resolver.TryResolvePlacementStrategy(GrainType.Create("xip-trade"), null, out _));
    }
}
