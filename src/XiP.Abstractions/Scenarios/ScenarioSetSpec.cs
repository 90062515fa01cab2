namespace XiP.Abstractions.Scenarios;

/// <summary>A scenario set as the REST contract describes it: listed scenarios, then generated ones.</summary>
[GenerateSerializer, Alias("xip.scenario-set-spec")]
public sealed record ScenarioSetSpec
{
    [Id(0)] public List<ScenarioSpec> Scenarios { get; init; } = [];

    [Id(1)] public ScenarioGeneratorSpec? Generate { get; init; }
}

/// <summary>One scenario: shifts applied together to the base market data.</summary>
[GenerateSerializer, Alias("xip.scenario-spec")]
public sealed record ScenarioSpec
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public List<ShiftSpec> Shifts { get; init; } = [];
}

/// <summary>What a shift does.</summary>
public enum ShiftKind
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

/// <summary>One shift. <see cref="Target"/> is <c>curve:NAME</c>, <c>equity:NAME</c>, <c>curve:*</c> or <c>equity:*</c>.</summary>
[GenerateSerializer, Immutable, Alias("xip.shift-spec")]
public sealed record ShiftSpec
{
    [Id(0)] public required string Target { get; init; }

    [Id(1)] public required ShiftKind Kind { get; init; }

    [Id(2)] public required double Amount { get; init; }

    /// <summary>The pillar date of a <see cref="ShiftKind.Pillar"/> shift.</summary>
    [Id(3)] public DateOnly? Date { get; init; }
}

/// <summary>Seeded pseudo-random scenarios: independent normal shifts per curve and per equity; the same seed gives the same set.</summary>
[GenerateSerializer, Immutable, Alias("xip.scenario-generator-spec")]
public sealed record ScenarioGeneratorSpec
{
    [Id(0)] public required int Count { get; init; }

    [Id(1)] public required long Seed { get; init; }

    [Id(2)] public double CurveParallelBpStdDev { get; init; }

    [Id(3)] public double SpotRelativeStdDev { get; init; }

    [Id(4)] public double VolAbsoluteStdDev { get; init; }

    [Id(5)] public double DividendYieldAbsoluteStdDev { get; init; }
}
