namespace XiP.Pricing.Scenarios;

/// <summary>A named list of shifts, applied in order to a base market snapshot by <see cref="MarketShocker.Apply"/>.</summary>
public sealed record Scenario(string Id, IReadOnlyList<Shift> Shifts);

/// <summary>What a shift moves: curves or equities.</summary>
public enum ShiftTargetKind
{
    /// <summary>A discount curve (<c>curve:NAME</c>, <c>curve:*</c>).</summary>
    Curve,

    /// <summary>An equity (<c>equity:NAME</c>, <c>equity:*</c>).</summary>
    Equity,
}

/// <summary>How a shift moves its target.</summary>
public enum MarketShiftKind
{
    /// <summary>Curve: every zero rate + amount basis points.</summary>
    Parallel,

    /// <summary>Curve: the zero rate of the pillar at <see cref="Shift.PillarDate"/> + amount basis points.</summary>
    Pillar,

    /// <summary>Equity: spot × (1 + amount).</summary>
    SpotRelative,

    /// <summary>Equity: volatility + amount.</summary>
    VolAbsolute,

    /// <summary>Equity: dividend yield + amount.</summary>
    DividendYieldAbsolute,
}

/// <summary>
/// One shift. <paramref name="Name"/> null means every curve (or every equity) of the snapshot.
/// <paramref name="Amount"/> is in the contract's units: basis points for <see cref="MarketShiftKind.Parallel"/>
/// and <see cref="MarketShiftKind.Pillar"/>, a fraction (0.1 = 10%) for <see cref="MarketShiftKind.SpotRelative"/>,
/// an absolute volatility or yield for <see cref="MarketShiftKind.VolAbsolute"/> and <see cref="MarketShiftKind.DividendYieldAbsolute"/>.
/// <paramref name="PillarDate"/> is for <see cref="MarketShiftKind.Pillar"/> only.
/// </summary>
public sealed record Shift(ShiftTargetKind TargetKind, string? Name, MarketShiftKind Kind, double Amount, DateOnly? PillarDate = null)
{
    /// <summary>The target as the contract writes it: <c>curve:NAME</c>, <c>equity:*</c>.</summary>
    public string Target => $"{(TargetKind == ShiftTargetKind.Curve ? "curve" : "equity")}:{Name ?? "*"}";

    /// <summary>The target kind a shift of <paramref name="kind"/> applies to.</summary>
    public static ShiftTargetKind TargetKindOf(MarketShiftKind kind) =>
        kind is MarketShiftKind.Parallel or MarketShiftKind.Pillar ? ShiftTargetKind.Curve : ShiftTargetKind.Equity;
}

/// <summary>A scenario set as defined: the listed scenarios, then (optionally) generated ones.</summary>
public sealed record ScenarioSetDefinition(IReadOnlyList<Scenario> Listed, ScenarioGenerator? Generate);

/// <summary>
/// Seeded pseudo-random scenarios: <paramref name="Count"/> scenarios of independent normal shifts with
/// these standard deviations (basis points for curves; fractions / absolute amounts for equities).
/// The same seed (and the same snapshot curve and equity names) always gives the same scenarios; see <see cref="ScenarioExpander"/>.
/// </summary>
public sealed record ScenarioGenerator(
    int Count,
    long Seed,
    double CurveParallelBpStdDev,
    double SpotRelativeStdDev,
    double VolAbsoluteStdDev,
    double DividendYieldAbsoluteStdDev);

/// <summary>A scenario that cannot be applied to a snapshot (or expanded): names the scenario and the target.</summary>
public sealed class ScenarioException(string scenarioId, string target, string message)
    : Exception($"Scenario '{scenarioId}', {target}: {message}")
{
    public string ScenarioId { get; } = scenarioId;

    public string Target { get; } = target;

    public string Reason { get; } = message;
}
