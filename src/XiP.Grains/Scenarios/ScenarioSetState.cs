using XiP.Abstractions.Scenarios;

namespace XiP.Grains.Scenarios;

/// <summary>The persisted state of a scenario-set grain.</summary>
[GenerateSerializer, Alias("xip.scenario-set-state")]
public sealed class ScenarioSetState
{
    [Id(0)] public ScenarioSetSpec? Set { get; set; }

    /// <summary>The set as <see cref="Canonical"/> writes it (order kept: scenario k is result k), to tell the same body from a changed one.</summary>
    [Id(1)] public string? CanonicalJson { get; set; }

    [Id(2)] public DateTimeOffset StoredAt { get; set; }
}
