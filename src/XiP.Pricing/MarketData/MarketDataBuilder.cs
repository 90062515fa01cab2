using XiP.Pricing.Time;

namespace XiP.Pricing.MarketData;

/// <summary>Turns quoted market data into calibrated curves.</summary>
public static class MarketDataBuilder
{
    /// <summary>Calibrates every curve of <paramref name="definition"/>.</summary>
    public static MarketSnapshot Build(MarketDataDefinition definition)
    {
        var curves = new Dictionary<string, DiscountCurve>(StringComparer.Ordinal);
        foreach (var (name, curve) in definition.Curves)
        {
            // node dates let a scenario shift one pillar by date; a flat curve has no pillars
            var calibrated = Calibrate(name, definition.ValuationDate, curve);
            curves[name] = curve is FlatCurveDefinition ? calibrated.Curve : calibrated.Curve.WithNodeDates(calibrated.NodeDates);
        }

        return new MarketSnapshot(definition.ValuationDate, curves, definition.Equities);
    }

    /// <summary>Calibrates one curve and reports its node dates.</summary>
    public static CalibratedCurve Calibrate(string name, DateOnly valuationDate, CurveDefinition definition) => definition switch
    {
        FlatCurveDefinition flat => new CalibratedCurve(DiscountCurve.Flat(flat.Rate), [valuationDate]),
        PillarCurveDefinition pillars => FromPillars(name, valuationDate, pillars),
        BootstrapCurveDefinition bootstrap when bootstrap.Interpolation == CurveInterpolationKind.LogLinearDiscount
            => CurveBootstrapper.Bootstrap(name, valuationDate, bootstrap.Instruments),
        BootstrapCurveDefinition => throw new CurveCalibrationException(name, "instruments can only be bootstrapped with log-linear-discount interpolation."),
        _ => throw new CurveCalibrationException(name, "unknown curve definition."),
    };

    private static CalibratedCurve FromPillars(string name, DateOnly valuationDate, PillarCurveDefinition definition)
    {
        var pillars = definition.Pillars.OrderBy(p => p.Date).ToList();
        if (pillars.Count == 0)
        {
            throw new CurveCalibrationException(name, "at least one pillar is needed.");
        }

        var times = new List<double>(pillars.Count + 1);
        var rates = new List<double>(pillars.Count + 1);
        var dates = new List<DateOnly>(pillars.Count + 1);
        foreach (var pillar in pillars)
        {
            var t = DayCount.YearFraction(valuationDate, pillar.Date);
            if (t < 0.0 || (times.Count > 0 && t <= times[^1]))
            {
                throw new CurveCalibrationException(name, $"pillar {pillar.Date:yyyy-MM-dd} is before the valuation date or repeated.");
            }

            times.Add(t);
            rates.Add(pillar.ZeroRate);
            dates.Add(pillar.Date);
        }

        if (definition.Interpolation == CurveInterpolationKind.LinearZero)
        {
            return new CalibratedCurve(DiscountCurve.LinearZero(times, rates), dates);
        }

        // log-linear nodes start at t = 0 with P = 1
        if (times[0] > 0.0)
        {
            times.Insert(0, 0.0);
            rates.Insert(0, 0.0);
            dates.Insert(0, valuationDate);
        }

        var dfs = times.Select((t, i) => i == 0 ? 1.0 : Math.Exp(-rates[i] * t)).ToList();
        return new CalibratedCurve(DiscountCurve.LogLinearDiscount(times, dfs), dates);
    }
}
