using System.Globalization;
using System.Text.Json;
using XiP.Abstractions.Scenarios;

namespace XiP.Gateway.Validation;

/// <summary>Validates a scenario set of the REST contract ("Scenarios") and builds its <see cref="ScenarioSetSpec"/>.</summary>
/// <remarks>
/// Every problem is reported under its JSON path (<c>scenarios[1].shifts[0].kind</c>, <c>generate.count</c>).
/// Targets are stored with a lower-case prefix (<c>Curve:X</c> becomes <c>curve:X</c>) so that the same set
/// written two ways is the same stored set. Whether a named curve, equity or pillar date exists is only
/// known against market data, so it is checked when a run applies the set, not here.
/// </remarks>
public static class ScenarioSetReader
{
    /// <summary>The most scenarios a set may hold, listed and generated together (a fixed limit, not configuration).</summary>
    public const int MaxScenarios = 100_000;

    /// <summary>The longest shift target (<c>equity:</c> and a name of at most 200 characters).</summary>
    public const int MaxTargetLength = 210;

    /// <summary>The most shifts one listed scenario may hold.</summary>
    public const int MaxShiftsPerScenario = 10_000;

    /// <summary>The largest curve shift, in basis points (±100%).</summary>
    public const double MaxBasisPoints = 10_000;

    /// <summary>The largest absolute volatility or dividend-yield shift.</summary>
    public const double MaxAbsoluteShift = 5;

    /// <summary>The largest relative spot shift (spot × 101).</summary>
    public const double MaxSpotRelative = 100;

    /// <summary>The largest standard deviation of generated curve shifts, in basis points.</summary>
    public const double MaxCurveStdDev = 1_000;

    /// <summary>
    /// The largest standard deviation of generated relative spot shifts: a draw is never below −8.3σ
    /// (the quantile of the smallest uniform the generator makes), so σ ≤ 0.1 keeps every generated spot positive.
    /// </summary>
    public const double MaxSpotStdDev = 0.1;

    /// <summary>The largest standard deviation of generated volatility and dividend-yield shifts.</summary>
    public const double MaxAbsoluteStdDev = 1;

    private const string GeneratedIdPrefix = "gen-";

    public static ScenarioSetSpec? Read(JsonObjectReader root)
    {
        var scenarios = new List<ScenarioSpec>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        var listed = root.Array("scenarios", required: false, maxCount: MaxScenarios);
        foreach (var (element, path) in listed ?? [])
        {
            if (JsonObjectReader.Open(element, path, root.Errors) is { } scenario && ReadScenario(scenario, ids) is { } spec)
            {
                scenarios.Add(spec);
            }
            else
            {
                ok = false;
            }
        }

        var generate = root.Object("generate", required: false) is { } generator ? ReadGenerator(generator) : null;
        if (root.Has("generate") && generate is null)
        {
            ok = false;
        }

        if ((listed is null || listed.Count == 0) && !root.Has("generate"))
        {
            root.Errors.Add(root.PathOf("scenarios"), "must list at least one scenario, unless generate is given.");
            ok = false;
        }

        if (generate is not null)
        {
            if (scenarios.Count + generate.Count > MaxScenarios)
            {
                root.Errors.Add(root.PathOf("generate") + ".count", $"with the {scenarios.Count} listed scenarios, makes more than the limit of {MaxScenarios} scenarios in a set.");
                ok = false;
            }

            // generated scenarios are gen-1 … gen-N; a listed one may not take one of those ids
            foreach (var (id, path) in ids)
            {
                if (id.StartsWith(GeneratedIdPrefix, StringComparison.Ordinal)
                    && int.TryParse(id.AsSpan(GeneratedIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && n >= 1 && n <= generate.Count && id == GeneratedIdPrefix + n.ToString(CultureInfo.InvariantCulture))
                {
                    root.Errors.Add(path, $"is the id of a generated scenario (gen-1 to gen-{generate.Count}); choose another.");
                    ok = false;
                }
            }
        }

        root.RejectUnknown();
        return ok && !root.Errors.Any ? new ScenarioSetSpec { Scenarios = scenarios, Generate = generate } : null;
    }

    private static ScenarioSpec? ReadScenario(JsonObjectReader scenario, Dictionary<string, string> ids)
    {
        var ok = true;
        var id = scenario.String("id");
        if (id is not null && !ids.TryAdd(id, scenario.PathOf("id")))
        {
            scenario.Errors.Add(scenario.PathOf("id"), $"repeats the id of {ids[id].Replace(".id", string.Empty, StringComparison.Ordinal)}; scenario ids must be unique.");
            ok = false;
        }

        var shifts = new List<ShiftSpec>();
        var elements = scenario.Array("shifts", maxCount: MaxShiftsPerScenario);
        ok &= elements is not null;
        foreach (var (element, path) in elements ?? [])
        {
            if (JsonObjectReader.Open(element, path, scenario.Errors) is { } shift && ReadShift(shift) is { } spec)
            {
                shifts.Add(spec);
            }
            else
            {
                ok = false;
            }
        }

        scenario.RejectUnknown();
        return ok && id is not null ? new ScenarioSpec { Id = id, Shifts = shifts } : null;
    }

    private static ShiftSpec? ReadShift(JsonObjectReader shift)
    {
        var target = shift.String("target", maxLength: MaxTargetLength);
        string? normalized = null;
        bool? isCurve = null;
        if (target is not null)
        {
            if (TryNormalizeTarget(target, out var text, out var curve))
            {
                normalized = text;
                isCurve = curve;
            }
            else
            {
                shift.Errors.Add(shift.PathOf("target"), "must be curve:NAME, equity:NAME, curve:* or equity:*.");
            }
        }

        var kind = shift.Choice("kind", WireNames.ShiftKinds);
        var amount = shift.Number("amount", rule: kind is { } k ? AmountRule(k) : null);

        DateOnly? date = null;
        var dateOk = true;
        if (kind == ShiftKind.Pillar)
        {
            date = shift.Date("date");
            dateOk = date is not null;
        }
        else if (shift.Value("date", required: false) is not null && kind is not null)
        {
            shift.Errors.Add(shift.PathOf("date"), "is only for a pillar shift.");
            dateOk = false;
        }

        var fits = true;
        if (kind is { } known && isCurve is { } onCurve && IsCurveKind(known) != onCurve)
        {
            shift.Errors.Add(shift.PathOf("target"), IsCurveKind(known)
                ? $"must be a curve (curve:NAME or curve:*) for a {Name(known)} shift."
                : $"must be an equity (equity:NAME or equity:*) for a {Name(known)} shift.");
            fits = false;
        }

        shift.RejectUnknown();
        return normalized is not null && kind is { } kindValue && amount is { } amountValue && dateOk && fits
            ? new ShiftSpec { Target = normalized, Kind = kindValue, Amount = amountValue + 0.0, Date = date }
            : null;
    }

    private static ScenarioGeneratorSpec? ReadGenerator(JsonObjectReader generator)
    {
        var count = Integer(generator, "count", 1, MaxScenarios, $"must be a whole number from 1 to {MaxScenarios}.");
        var seed = Integer(generator, "seed", long.MinValue, long.MaxValue, "must be a whole number (a 64-bit integer).");
        var curve = StdDev(generator, "curveParallelBpStdDev", MaxCurveStdDev);
        var spot = StdDev(generator, "spotRelativeStdDev", MaxSpotStdDev);
        var vol = StdDev(generator, "volAbsoluteStdDev", MaxAbsoluteStdDev);
        var dividend = StdDev(generator, "dividendYieldAbsoluteStdDev", MaxAbsoluteStdDev);
        generator.RejectUnknown();
        if (count is not { } c || seed is not { } s || curve is not { } cs || spot is not { } ss || vol is not { } vs || dividend is not { } ds)
        {
            return null;
        }

        return new ScenarioGeneratorSpec
        {
            Count = (int)c, Seed = s, CurveParallelBpStdDev = cs, SpotRelativeStdDev = ss, VolAbsoluteStdDev = vs, DividendYieldAbsoluteStdDev = ds,
        };
    }

    // absent is 0; present must be a number from 0 to max (null when it is not)
    private static double? StdDev(JsonObjectReader generator, string name, double max)
    {
        if (!generator.Has(name))
        {
            generator.Value(name, required: false);
            return 0.0;
        }

        var value = generator.Number(name, rule: x => x is >= 0 && x <= max ? null : $"must be a standard deviation from 0 to {max.ToString(CultureInfo.InvariantCulture)}.");
        return value + 0.0;
    }

    private static long? Integer(JsonObjectReader reader, string name, long min, long max, string message)
    {
        if (reader.Value(name, required: true) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max)
        {
            return number;
        }

        reader.Errors.Add(reader.PathOf(name), message);
        return null;
    }

    private static Func<double, string?> AmountRule(ShiftKind kind) => kind switch
    {
        ShiftKind.Parallel or ShiftKind.Pillar => x => Math.Abs(x) <= MaxBasisPoints ? null : $"must be in basis points, from -{MaxBasisPoints} to {MaxBasisPoints} (25 is 0.25%).",
        ShiftKind.SpotRelative => x => x > -1 && x <= MaxSpotRelative ? null : $"must be a relative change above -1 and at most {MaxSpotRelative} (-0.2 is a 20% fall).",
        _ => x => Math.Abs(x) <= MaxAbsoluteShift ? null : $"must be from -{MaxAbsoluteShift} to {MaxAbsoluteShift} (0.01 is one point).",
    };

    private static bool IsCurveKind(ShiftKind kind) => kind is ShiftKind.Parallel or ShiftKind.Pillar;

    private static string Name(ShiftKind kind) => WireNames.ShiftKinds.First(k => k.Value == kind).Key;

    /// <summary><c>curve:NAME</c>, <c>equity:NAME</c>, <c>curve:*</c>, <c>equity:*</c>, the prefix in any case; the name is kept as given.</summary>
    public static bool TryNormalizeTarget(string target, out string normalized, out bool isCurve)
    {
        normalized = string.Empty;
        isCurve = false;
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var prefix = target[..colon];
        var name = target[(colon + 1)..];
        if (string.IsNullOrWhiteSpace(name) || name.Length != name.Trim().Length)
        {
            return false;
        }

        if (prefix.Equals("curve", StringComparison.OrdinalIgnoreCase))
        {
            isCurve = true;
        }
        else if (!prefix.Equals("equity", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        normalized = $"{(isCurve ? "curve" : "equity")}:{name}";
        return true;
    }
}
