using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>Validates a market-data object of the REST contract and builds its <see cref="MarketDataSpec"/>.</summary>
public static class MarketDataReader
{
    public const int MaxPillars = 10_000;
    public const int MaxInstruments = 1_000;
    public const int MaxTenorLength = 8;

    public static MarketDataSpec? Read(JsonObjectReader market)
    {
        var valuationDate = market.Date("valuationDate");
        var curves = new Dictionary<string, CurveSpec>(StringComparer.Ordinal);
        foreach (var (name, element, path) in market.Map("curves", required: false) ?? [])
        {
            if (JsonObjectReader.Open(element, path, market.Errors) is { } curve && ReadCurve(curve, valuationDate) is { } spec)
            {
                curves[name] = spec;
            }
        }

        var equities = new Dictionary<string, EquitySpec>(StringComparer.Ordinal);
        foreach (var (name, element, path) in market.Map("equities", required: false) ?? [])
        {
            if (JsonObjectReader.Open(element, path, market.Errors) is { } equity)
            {
                var spot = equity.Number("spot", rule: Rules.Price);
                var dividendYield = equity.Number("dividendYield", required: false, rule: Rules.Rate) ?? 0.0;
                var volatility = equity.Number("volatility", rule: Rules.Volatility);
                equity.RejectUnknown();
                if (spot is { } s && volatility is { } v)
                {
                    equities[name] = new EquitySpec(s, dividendYield, v);
                }
            }
        }

        market.RejectUnknown();
        return valuationDate is { } date ? new MarketDataSpec { ValuationDate = date, Curves = curves, Equities = equities } : null;
    }

    /// <summary>A curve given by exactly one of flatRate, pillars or instruments.</summary>
    public static CurveSpec? ReadCurve(JsonObjectReader curve, DateOnly? valuationDate)
    {
        var given = new[] { "flatRate", "pillars", "instruments" }.Where(curve.Has).ToList();
        if (given.Count != 1)
        {
            curve.Errors.Add(curve.Path, given.Count == 0
                ? "must give flatRate, pillars or instruments."
                : $"must give only one of flatRate, pillars or instruments, not {string.Join(" and ", given)}.");
            curve.Value("flatRate", false);
            curve.Value("pillars", false);
            curve.Value("instruments", false);
            curve.Value("interpolation", false);
            curve.RejectUnknown();
            return null;
        }

        CurveSpec? spec = given[0] switch
        {
            "flatRate" => curve.Number("flatRate", rule: Rules.Rate) is { } rate ? new CurveSpec { FlatRate = rate } : null,
            "pillars" => ReadPillars(curve, valuationDate),
            _ => ReadInstruments(curve),
        };
        curve.RejectUnknown();
        return spec;
    }

    private static CurveSpec? ReadPillars(JsonObjectReader curve, DateOnly? valuationDate)
    {
        var interpolation = curve.Choice("interpolation", WireNames.Interpolations);
        var pillars = new List<PillarSpec>();
        var seen = new HashSet<DateOnly>();
        var ok = true;
        foreach (var (element, path) in curve.Array("pillars", minCount: 1, maxCount: MaxPillars) ?? [])
        {
            if (JsonObjectReader.Open(element, path, curve.Errors) is not { } pillar)
            {
                ok = false;
                continue;
            }

            var date = pillar.Date("date");
            var zero = pillar.Number("zeroRate", rule: Rules.Rate);
            pillar.RejectUnknown();
            if (date is { } d && valuationDate is { } v && d < v)
            {
                curve.Errors.Add(pillar.PathOf("date"), "must not be before the valuation date.");
                ok = false;
            }
            else if (date is { } repeated && !seen.Add(repeated))
            {
                curve.Errors.Add(pillar.PathOf("date"), "repeats the date of an earlier pillar.");
                ok = false;
            }

            if (date is { } pd && zero is { } z)
            {
                pillars.Add(new PillarSpec(pd, z));
            }
            else
            {
                ok = false;
            }
        }

        return ok && interpolation is { } kind && pillars.Count > 0 ? new CurveSpec { Interpolation = kind, Pillars = pillars } : null;
    }

    private static CurveSpec? ReadInstruments(JsonObjectReader curve)
    {
        var interpolation = curve.Choice("interpolation", WireNames.Interpolations);
        if (interpolation == CurveInterpolation.LinearZero)
        {
            curve.Errors.Add(curve.PathOf("interpolation"), "must be 'log-linear-discount' for a curve bootstrapped from instruments.");
            interpolation = null;
        }

        var instruments = new List<CurveInstrumentSpec>();
        var ok = true;
        foreach (var (element, path) in curve.Array("instruments", minCount: 1, maxCount: MaxInstruments) ?? [])
        {
            if (JsonObjectReader.Open(element, path, curve.Errors) is not { } instrument)
            {
                ok = false;
                continue;
            }

            var type = instrument.Choice("type", WireNames.InstrumentTypes);
            var tenor = instrument.String("tenor", maxLength: MaxTenorLength);
            if (tenor is not null && !TenorText.IsValid(tenor))
            {
                instrument.Errors.Add(instrument.PathOf("tenor"), TenorText.Message);
                tenor = null;
            }

            var rate = instrument.Number("rate", rule: Rules.Rate);
            PaymentFrequency? fixedFrequency = null, floatFrequency = null;
            if (type == CurveInstrumentKind.Swap)
            {
                fixedFrequency = instrument.Choice("fixedFrequency", WireNames.Frequencies, required: false);
                floatFrequency = instrument.Choice("floatFrequency", WireNames.Frequencies, required: false);
            }

            instrument.RejectUnknown();
            if (type is { } t && tenor is not null && rate is { } r)
            {
                instruments.Add(new CurveInstrumentSpec { Type = t, Tenor = tenor, Rate = r, FixedFrequency = fixedFrequency, FloatFrequency = floatFrequency });
            }
            else
            {
                ok = false;
            }
        }

        return ok && interpolation is { } kind && instruments.Count > 0 ? new CurveSpec { Interpolation = kind, Instruments = instruments } : null;
    }
}

/// <summary>Tenor text: a positive count followed by D, W, M or Y, spanning at most <see cref="Limits.MaxTenorYears"/> years.</summary>
public static class TenorText
{
    public static string Message { get; } =
        $"must be a positive count and a unit D, W, M or Y, as in 3M or 10Y, of at most {Limits.MaxTenorYears} years ({MaxCount('Y')}Y, {MaxCount('M')}M, {MaxCount('W')}W, {MaxCount('D')}D).";

    public static bool IsValid(string text) =>
        text.Length >= 2
        && "DWMYdwmy".Contains(text[^1])
        && int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
        && count > 0 && count <= MaxCount(char.ToUpperInvariant(text[^1]));

    private static int MaxCount(char unit) => unit switch
    {
        'Y' => Limits.MaxTenorYears,
        'M' => 12 * Limits.MaxTenorYears,
        'W' => (int)(365.25 * Limits.MaxTenorYears / 7),
        _ => (int)(365.25 * Limits.MaxTenorYears),
    };
}
