using System.Text.Json.Serialization;

namespace XiP.Contracts.Scenarios;

/// <summary>A scenario set (<c>PUT /v1/scenario-sets/{id}</c>): listed scenarios, then generated ones.</summary>
public sealed record ScenarioSet
{
    public IReadOnlyList<Scenario> Scenarios { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioGenerator? Generate { get; init; }
}

/// <summary>One scenario: shifts applied together to the base market data.</summary>
public sealed record Scenario
{
    public required string Id { get; init; }

    public IReadOnlyList<Shift> Shifts { get; init; } = [];
}

/// <summary>One shift. <see cref="Target"/> is <c>curve:NAME</c>, <c>equity:NAME</c>, <c>curve:*</c> or <c>equity:*</c>.</summary>
public sealed record Shift
{
    public required string Target { get; init; }

    public required ShiftType Kind { get; init; }

    public required double Amount { get; init; }

    /// <summary>The pillar date of a <see cref="ShiftType.Pillar"/> shift.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateOnly? Date { get; init; }
}

/// <summary>What a shift does (its <c>kind</c>).</summary>
public enum ShiftType
{
    /// <summary>Every zero rate of the curve + amount basis points.</summary>
    Parallel,

    /// <summary>One pillar (by date) + amount basis points.</summary>
    Pillar,

    /// <summary>Spot × (1 + amount).</summary>
    SpotRelative,

    /// <summary>Volatility + amount.</summary>
    VolAbsolute,

    /// <summary>Dividend yield + amount.</summary>
    DividendYieldAbsolute,
}

/// <summary>Seeded pseudo-random scenarios: independent normal shifts per curve and per equity; the same seed gives the same set.</summary>
public sealed record ScenarioGenerator
{
    public required int Count { get; init; }

    public required long Seed { get; init; }

    public double CurveParallelBpStdDev { get; init; }

    public double SpotRelativeStdDev { get; init; }

    public double VolAbsoluteStdDev { get; init; }

    public double DividendYieldAbsoluteStdDev { get; init; }
}

/// <summary>A stored scenario set (<c>GET /v1/scenario-sets/{id}</c>).</summary>
public sealed record ScenarioSetView(string Id, ScenarioSet ScenarioSet);
