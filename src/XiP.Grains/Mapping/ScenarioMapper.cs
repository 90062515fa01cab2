using XiP.Abstractions.Scenarios;
using XiP.Pricing.Scenarios;

namespace XiP.Grains.Mapping;

/// <summary>Turns the wire contract's scenario sets into the pricing library's. Validation happened at the gateway.</summary>
public static class ScenarioMapper
{
    private const string CurvePrefix = "curve:";
    private const string EquityPrefix = "equity:";

    public static ScenarioSetDefinition ToDefinition(ScenarioSetSpec spec) => new(
        spec.Scenarios.Select(ToScenario).ToList(),
        spec.Generate is { } g
            ? new ScenarioGenerator(g.Count, g.Seed, g.CurveParallelBpStdDev, g.SpotRelativeStdDev, g.VolAbsoluteStdDev, g.DividendYieldAbsoluteStdDev)
            : null);

    public static Scenario ToScenario(ScenarioSpec spec) => new(spec.Id, spec.Shifts.Select(ToShift).ToList());

    public static Shift ToShift(ShiftSpec spec)
    {
        var (target, name) = ParseTarget(spec.Target);
        return new Shift(target, name, ToKind(spec.Kind), spec.Amount, spec.Date);
    }

    /// <summary><c>curve:NAME</c> → (Curve, NAME); <c>equity:*</c> → (Equity, null). The prefix is case-insensitive; the name is not.</summary>
    public static (ShiftTargetKind Kind, string? Name) ParseTarget(string target)
    {
        if (TryParseTarget(target, out var kind, out var name))
        {
            return (kind, name);
        }

        throw new ArgumentException($"Invalid shift target '{target}': it must be curve:NAME, equity:NAME, curve:* or equity:*.", nameof(target));
    }

    /// <summary>Whether <paramref name="target"/> is <c>curve:NAME</c>, <c>equity:NAME</c>, <c>curve:*</c> or <c>equity:*</c> (prefix case-insensitive, name not blank).</summary>
    public static bool TryParseTarget(string? target, out ShiftTargetKind kind, out string? name)
    {
        kind = default;
        name = null;
        string rest;
        if (target is null)
        {
            return false;
        }

        if (target.StartsWith(CurvePrefix, StringComparison.OrdinalIgnoreCase))
        {
            kind = ShiftTargetKind.Curve;
            rest = target[CurvePrefix.Length..];
        }
        else if (target.StartsWith(EquityPrefix, StringComparison.OrdinalIgnoreCase))
        {
            kind = ShiftTargetKind.Equity;
            rest = target[EquityPrefix.Length..];
        }
        else
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(rest))
        {
            return false;
        }

        name = rest == "*" ? null : rest;
        return true;
    }

    public static MarketShiftKind ToKind(ShiftKind kind) => kind switch
    {
        ShiftKind.Parallel => MarketShiftKind.Parallel,
        ShiftKind.Pillar => MarketShiftKind.Pillar,
        ShiftKind.SpotRelative => MarketShiftKind.SpotRelative,
        ShiftKind.VolAbsolute => MarketShiftKind.VolAbsolute,
        ShiftKind.DividendYieldAbsolute => MarketShiftKind.DividendYieldAbsolute,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown shift kind."),
    };
}
