using XiP.Numerics;
using XiP.Pricing.Time;

namespace XiP.Pricing.MarketData;

/// <summary>
/// A calibrated discount curve: continuously compounded, Actual/365 Fixed times from the valuation date.
/// Immutable and thread-safe.
/// </summary>
public sealed class DiscountCurve
{
    private readonly double[] _times;
    // Zero rates for LinearZero; ln P for LogLinearDiscount.
    private readonly double[] _values;

    private DiscountCurve(CurveInterpolationKind interpolation, double[] times, double[] values, IReadOnlyList<DateOnly>? nodeDates = null)
    {
        Interpolation = interpolation;
        _times = times;
        _values = values;
        NodeDates = nodeDates;
    }

    public CurveInterpolationKind Interpolation { get; }

    /// <summary>Pillar (node) times in years.</summary>
    public ReadOnlySpan<double> Times => _times;

    /// <summary>
    /// The date of each pillar (node), index for index with <see cref="Times"/>; null when the curve
    /// was made from times alone, and for a flat curve, which has no pillars.
    /// </summary>
    /// <remarks><see cref="MarketDataBuilder.Build"/> sets them from the <see cref="CalibratedCurve"/>;
    /// shifted curves keep them.</remarks>
    public IReadOnlyList<DateOnly>? NodeDates { get; }

    /// <summary>This curve with <paramref name="nodeDates"/> as its pillar dates (one per pillar time); the values are shared, not copied.</summary>
    public DiscountCurve WithNodeDates(IReadOnlyList<DateOnly> nodeDates)
    {
        ArgumentNullException.ThrowIfNull(nodeDates);
        if (nodeDates.Count != _times.Length)
        {
            throw new ArgumentException($"The curve has {_times.Length} pillars; {nodeDates.Count} dates were given.", nameof(nodeDates));
        }

        return new DiscountCurve(Interpolation, _times, _values, nodeDates.ToArray());
    }

    /// <summary>A flat curve: every zero rate equals <paramref name="rate"/>.</summary>
    public static DiscountCurve Flat(double rate) => new(CurveInterpolationKind.LinearZero, [0.0], [rate]);

    /// <summary>Zero rates linear in time between ascending pillar times; flat outside.</summary>
    public static DiscountCurve LinearZero(IReadOnlyList<double> times, IReadOnlyList<double> zeroRates)
    {
        RequireAscending(times, zeroRates.Count);
        return new(CurveInterpolationKind.LinearZero, [.. times], [.. zeroRates]);
    }

    /// <summary>Log discount factors linear in time between nodes; the first node must be t = 0 with P = 1.</summary>
    public static DiscountCurve LogLinearDiscount(IReadOnlyList<double> times, IReadOnlyList<double> discountFactors)
    {
        RequireAscending(times, discountFactors.Count);
        if (times[0] != 0.0 || discountFactors[0] != 1.0)
        {
            throw new ArgumentException("A log-linear discount curve starts at t = 0 with P = 1.", nameof(times));
        }

        return new(CurveInterpolationKind.LogLinearDiscount, [.. times], discountFactors.Select(df => Math.Log(df)).ToArray());
    }

    // A bootstrap solves for ln P directly; going through P and back would lose the last bit.
    internal static DiscountCurve FromLogDiscountFactors(IReadOnlyList<double> times, IReadOnlyList<double> logDiscountFactors)
    {
        RequireAscending(times, logDiscountFactors.Count);
        return new(CurveInterpolationKind.LogLinearDiscount, [.. times], [.. logDiscountFactors]);
    }

    private CurveKind Kind => Interpolation == CurveInterpolationKind.LinearZero ? CurveKind.LinearZero : CurveKind.LogLinearDiscount;

    /// <summary>The discount factor P(t); the same bits as the batch <see cref="DiscountFactors"/>.</summary>
    public double DiscountFactor(double t) => CurveInterpolation.DiscountFactor(Kind, _times, _values, t);

    /// <summary>Discount factors for many times at once (fastest when the times are sorted).</summary>
    public void DiscountFactors(ReadOnlySpan<double> times, Span<double> destination) =>
        CurveInterpolation.DiscountFactors(Kind, _times, _values, times, destination);

    /// <summary>P(d/365) for every day d = 0 … <paramref name="days"/>−1 from the valuation date: the table cash-flow kernels read.</summary>
    public double[] DiscountFactorsByDay(int days)
    {
        var table = new double[days];
        DiscountFactors(DayGrid.Times(days), table);
        return table;
    }

    /// <summary>The continuously compounded zero rate z(t) with P(t) = exp(−z·t).</summary>
    /// <remarks>For a linear-zero curve this is the interpolated rate itself (a flat curve returns its
    /// rate exactly); for a log-linear curve −ln P(t)/t, and the first segment's rate at t = 0.</remarks>
    public double ZeroRate(double t)
    {
        if (Interpolation == CurveInterpolationKind.LinearZero)
        {
            return CurveInterpolation.Value(CurveKind.LinearZero, _times, _values, t);
        }

        if (t <= 0.0)
        {
            return _times.Length > 1 ? -_values[1] / _times[1] : 0.0;
        }

        return -Math.Log(DiscountFactor(t)) / t;
    }

    /// <summary>Every zero rate moved by <paramref name="amount"/> (as a rate, 1bp = 0.0001).</summary>
    /// <remarks>Linear-zero pillars move by the amount; log-linear nodes become P(tᵢ)·e^{−amount·tᵢ},
    /// which is the same shift of every node's zero rate.</remarks>
    public DiscountCurve ParallelShift(double amount)
    {
        var shifted = new double[_values.Length];
        for (var i = 0; i < shifted.Length; i++)
        {
            shifted[i] = Interpolation == CurveInterpolationKind.LinearZero ? _values[i] + amount : _values[i] - amount * _times[i];
        }

        return new DiscountCurve(Interpolation, _times, shifted, NodeDates);
    }

    /// <summary>The zero rate of pillar <paramref name="index"/> moved by <paramref name="amount"/> (as a rate, 1bp = 0.0001); the others stay.</summary>
    /// <remarks>A linear-zero pillar's rate moves by the amount; a log-linear node's ln P moves by −amount·tᵢ,
    /// the same shift of that node's zero rate. The curve interpolates as usual, so only the segments on
    /// either side of the pillar (and, for the last pillar, the flat extrapolation beyond it) move.
    /// A log-linear node at t = 0 (P = 1) does not move.</remarks>
    public DiscountCurve PillarShift(int index, double amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _values.Length);
        var shifted = (double[])_values.Clone();
        shifted[index] = Interpolation == CurveInterpolationKind.LinearZero ? _values[index] + amount : _values[index] - amount * _times[index];
        return new DiscountCurve(Interpolation, _times, shifted, NodeDates);
    }

    private static void RequireAscending(IReadOnlyList<double> times, int valueCount)
    {
        if (times.Count == 0 || times.Count != valueCount)
        {
            throw new ArgumentException("A curve needs one value per pillar and at least one pillar.", nameof(times));
        }

        for (var i = 1; i < times.Count; i++)
        {
            if (!(times[i] > times[i - 1]))
            {
                throw new ArgumentException("Pillar times must be strictly ascending.", nameof(times));
            }
        }
    }
}
