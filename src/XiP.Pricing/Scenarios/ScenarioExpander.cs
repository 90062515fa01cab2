using XiP.Pricing.MarketData;

namespace XiP.Pricing.Scenarios;

/// <summary>Turns a scenario set definition into the list of scenarios a run applies, in order.</summary>
/// <remarks>
/// <para>The list is the listed scenarios, then <see cref="ScenarioGenerator.Count"/> generated ones with ids
/// <c>gen-1</c>, <c>gen-2</c>, …. Generated scenario <c>gen-(i+1)</c> draws, in this order, one standard
/// normal per curve of the snapshot (names in ordinal order), then three per equity (ordinal order:
/// spot, volatility, dividend yield), and holds the shifts <c>curve:NAME parallel σ_curve·z</c>,
/// <c>equity:NAME spotRelative σ_spot·z</c>, <c>volAbsolute σ_vol·z</c>, <c>dividendYieldAbsolute σ_div·z</c>,
/// leaving out a kind whose standard deviation is 0 (its draw is still taken, so turning one kind on or
/// off does not change the others' numbers).</para>
/// <para>Deterministic forever: scenario i's normals come from a <see cref="SplitMix64"/> seeded with
/// Mix(Mix(seed) + i) through <see cref="NormalQuantile"/>, which uses only IEEE-exact arithmetic. The same
/// seed and the same snapshot names give the same scenarios, bit for bit, on any machine, and a scenario
/// does not depend on how many others are generated.</para>
/// </remarks>
public static class ScenarioExpander
{
    /// <summary>The id prefix of generated scenarios: <c>gen-1</c> … <c>gen-N</c>.</summary>
    public const string GeneratedIdPrefix = "gen-";

    /// <summary>The listed scenarios, then the generated ones for <paramref name="market"/>'s curves and equities.</summary>
    /// <exception cref="ScenarioException">Two scenarios have the same id.</exception>
    public static IReadOnlyList<Scenario> Expand(ScenarioSetDefinition definition, MarketSnapshot market)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(market);
        var generator = definition.Generate;
        if (generator is { Count: < 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(definition), generator.Count, "A generator's count cannot be negative.");
        }

        var scenarios = new List<Scenario>(definition.Listed.Count + (generator?.Count ?? 0));
        scenarios.AddRange(definition.Listed);
        if (generator is not null)
        {
            var curves = market.Curves.Keys.Order(StringComparer.Ordinal).ToArray();
            var equities = market.Equities.Keys.Order(StringComparer.Ordinal).ToArray();
            var seed = SplitMix64.Mix((ulong)generator.Seed);
            for (var i = 0; i < generator.Count; i++)
            {
                scenarios.Add(Generate(generator, new SplitMix64(SplitMix64.Mix(seed + (ulong)i)), i, curves, equities));
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scenario in scenarios)
        {
            if (!ids.Add(scenario.Id))
            {
                throw new ScenarioException(scenario.Id, "scenarios", "more than one scenario has this id.");
            }
        }

        return scenarios;
    }

    private static Scenario Generate(ScenarioGenerator generator, SplitMix64 random, int index, string[] curves, string[] equities)
    {
        var shifts = new List<Shift>(
            (generator.CurveParallelBpStdDev > 0 ? curves.Length : 0)
            + (equities.Length * ((generator.SpotRelativeStdDev > 0 ? 1 : 0) + (generator.VolAbsoluteStdDev > 0 ? 1 : 0) + (generator.DividendYieldAbsoluteStdDev > 0 ? 1 : 0))));
        foreach (var curve in curves)
        {
            Add(shifts, ShiftTargetKind.Curve, curve, MarketShiftKind.Parallel, generator.CurveParallelBpStdDev, random.NextNormal());
        }

        foreach (var equity in equities)
        {
            Add(shifts, ShiftTargetKind.Equity, equity, MarketShiftKind.SpotRelative, generator.SpotRelativeStdDev, random.NextNormal());
            Add(shifts, ShiftTargetKind.Equity, equity, MarketShiftKind.VolAbsolute, generator.VolAbsoluteStdDev, random.NextNormal());
            Add(shifts, ShiftTargetKind.Equity, equity, MarketShiftKind.DividendYieldAbsolute, generator.DividendYieldAbsoluteStdDev, random.NextNormal());
        }

        return new Scenario(GeneratedIdPrefix + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), shifts);
    }

    private static void Add(List<Shift> shifts, ShiftTargetKind target, string name, MarketShiftKind kind, double stdDev, double z)
    {
        if (stdDev > 0)
        {
            shifts.Add(new Shift(target, name, kind, stdDev * z));
        }
    }
}
