using XiP.Pricing.Time;

namespace XiP.Pricing.MarketData;

/// <summary>
/// Bootstraps a log-linear-discount curve from deposits and par swaps so that every instrument
/// reprices exactly.
/// </summary>
/// <remarks>
/// Nodes are t = 0 (P = 1) and one per instrument at its end date, sorted by time. Each node only
/// moves the last segment, so the curve is built one node at a time: a deposit fixes its node in
/// closed form, P(T) = 1/(1 + r·τ); a par swap solves r·Σ τᵢ·P(tᵢ) = 1 − P(T) for ln P(T) by Newton's
/// method, where fixed-leg dates inside the last segment depend on the unknown node through the
/// log-linear interpolation. The float leg is single-curve, so its value telescopes to 1 − P(T).
/// </remarks>
public static class CurveBootstrapper
{
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-15;

    /// <summary>Calibrates the curve; throws <see cref="CurveCalibrationException"/> when the quotes admit no curve.</summary>
    public static CalibratedCurve Bootstrap(string curveName, DateOnly valuationDate, IReadOnlyList<CurveInstrument> instruments)
    {
        if (instruments.Count == 0)
        {
            throw new CurveCalibrationException(curveName, "at least one instrument is needed.");
        }

        var ordered = instruments
            .Select(i => (Instrument: i, End: i.Tenor.AddTo(valuationDate)))
            .OrderBy(x => x.End)
            .ToList();
        for (var k = 1; k < ordered.Count; k++)
        {
            if (ordered[k].End == ordered[k - 1].End)
            {
                throw new CurveCalibrationException(curveName, $"two instruments end on {ordered[k].End:yyyy-MM-dd}; each node needs its own instrument.");
            }
        }

        var times = new List<double>(ordered.Count + 1) { 0.0 };
        var logDfs = new List<double>(ordered.Count + 1) { 0.0 };
        var dates = new List<DateOnly>(ordered.Count + 1) { valuationDate };
        foreach (var (instrument, end) in ordered)
        {
            var t = DayCount.YearFraction(valuationDate, end);
            var logDf = instrument.Type == CurveInstrumentType.Deposit
                ? DepositNode(curveName, instrument.Rate, t)
                : SwapNode(curveName, valuationDate, instrument, end, times, logDfs);
            times.Add(t);
            logDfs.Add(logDf);
            dates.Add(end);
        }

        var curve = DiscountCurve.FromLogDiscountFactors(times, logDfs);
        return new CalibratedCurve(curve, dates);
    }

    private static double DepositNode(string curveName, double rate, double accrual)
    {
        var growth = 1.0 + rate * accrual;
        if (!(growth > 0.0))
        {
            throw new CurveCalibrationException(curveName, $"deposit rate {rate} gives a non-positive discount factor.");
        }

        return -Math.Log(growth);
    }

    private static double SwapNode(string curveName, DateOnly valuationDate, CurveInstrument swap, DateOnly end, List<double> times, List<double> logDfs)
    {
        var schedule = Schedule.Forward(valuationDate, end, swap.FixedFrequency);
        var prevTime = times[^1];
        var prevLog = logDfs[^1];
        var endTime = DayCount.YearFraction(valuationDate, end);

        // Fixed-leg flows before the last node are known; those inside the last segment are
        // weighted by their position w in it: ln P(tᵢ) = (1 − w)·ln P(prev) + w·x.
        double knownAnnuity = 0.0;
        var inside = new List<(double Accrual, double Weight)>();
        var nodeTimes = times.ToArray();
        var nodeLogs = logDfs.ToArray();
        for (var i = 1; i < schedule.Count; i++)
        {
            var accrual = DayCount.YearFraction(schedule[i - 1], schedule[i]);
            var pay = DayCount.YearFraction(valuationDate, schedule[i]);
            if (pay <= prevTime)
            {
                knownAnnuity += accrual * Numerics.CurveInterpolation.DiscountFactor(Numerics.CurveKind.LogLinearDiscount, nodeTimes, nodeLogs, pay);
            }
            else
            {
                inside.Add((accrual, (pay - prevTime) / (endTime - prevTime)));
            }
        }

        var rate = swap.Rate;
        // initial guess: the previous segment's zero rate carried on
        var x = prevTime > 0.0 ? prevLog / prevTime * endTime : -rate * endTime;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var f = rate * knownAnnuity + Math.Exp(x) - 1.0;
            var df = Math.Exp(x);
            foreach (var (accrual, weight) in inside)
            {
                var p = Math.Exp(prevLog + weight * (x - prevLog));
                f += rate * accrual * p;
                df += rate * accrual * weight * p;
            }

            var step = f / df;
            x -= step;
            if (!double.IsFinite(x))
            {
                break;
            }

            if (Math.Abs(step) <= Tolerance * Math.Max(1.0, Math.Abs(x)))
            {
                return x;
            }
        }

        throw new CurveCalibrationException(curveName, $"the {swap.Tenor} swap at {rate} cannot be repriced by any positive discount factor.");
    }
}
