using System.Collections.Concurrent;
using XiP.Pricing.MarketData;
using XiP.Pricing.Pricers;
using XiP.Pricing.Time;

namespace XiP.Pricing.Columnar;

/// <summary>
/// A run's markets (the base first, then each scenario) with what the columnar pricers read off their curves
/// resolved once into arrays by whole day from the valuation date: zero rates z(d/365) and discount factors
/// P(d/365), on each curve as it is and bumped by the PV01 basis point. Built lazily per curve, shared by every
/// batch of the run on this process, thread-safe.
/// </summary>
/// <remarks>
/// Each entry is computed exactly as the per-trade pricers compute it (<see cref="DiscountCurve.ZeroRate"/> at
/// t = d/365, <see cref="DiscountCurve.DiscountFactors"/> over <see cref="DayGrid.Times"/>), so a table lookup
/// gives the same bits as the pricer's own call. Days beyond <see cref="MaxTableDays"/> are not tabled: callers
/// compute those few directly.
/// </remarks>
public sealed class MarketSet
{
    /// <summary>Tables cover at most this many days (about 200 years); a trade beyond is priced off the curve directly.</summary>
    public const int MaxTableDays = 200 * 366;

    private readonly MarketSnapshot[] _markets;
    private readonly ConcurrentDictionary<TableKey, double[]> _tables = new();
    private readonly ConcurrentDictionary<(int Market, string Curve), DiscountCurve> _bumped = new();

    public MarketSet(IReadOnlyList<MarketSnapshot> markets)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentOutOfRangeException.ThrowIfLessThan(markets.Count, 1);
        _markets = [.. markets];
    }

    public int Count => _markets.Length;

    public DateOnly ValuationDate => _markets[0].ValuationDate;

    public MarketSnapshot this[int market] => _markets[market];

    public IReadOnlyList<MarketSnapshot> Markets => _markets;

    /// <summary>The curve of <paramref name="market"/>, or that curve moved up by the PV01 basis point.</summary>
    public DiscountCurve Curve(int market, string name, bool bumped) =>
        bumped ? _bumped.GetOrAdd((market, name), k => _markets[k.Market].Curves[k.Curve].ParallelShift(CurveShifts.OneBasisPoint)) : _markets[market].Curves[name];

    /// <summary>z(d/365) for d = 0 … at least <paramref name="days"/> − 1 (≤ <see cref="MaxTableDays"/>).</summary>
    public double[] ZeroRatesByDay(int market, string curve, bool bumped, int days) => Table(new TableKey(market, curve, bumped, ZeroRates: true), days);

    /// <summary>P(d/365) for d = 0 … at least <paramref name="days"/> − 1 (≤ <see cref="MaxTableDays"/>).</summary>
    public double[] DiscountFactorsByDay(int market, string curve, bool bumped, int days) => Table(new TableKey(market, curve, bumped, ZeroRates: false), days);

    private double[] Table(TableKey key, int days)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxTableDays);
        if (_tables.TryGetValue(key, out var table) && table.Length >= days)
        {
            return table;
        }

        // Grown to the next power of two from a year, so a run asks for a longer table only a few times.
        var length = Math.Min(MaxTableDays, Math.Max(days, (int)Math.Min(MaxTableDays, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(days, 366)))));
        var built = Build(key, length);
        return _tables.AddOrUpdate(key, built, (_, existing) => existing.Length >= built.Length ? existing : built);
    }

    private double[] Build(TableKey key, int length)
    {
        var curve = Curve(key.Market, key.Curve, key.Bumped);
        var times = DayGrid.Times(length);
        var table = new double[length];
        if (key.ZeroRates)
        {
            for (var d = 0; d < length; d++)
            {
                table[d] = curve.ZeroRate(times[d]);
            }
        }
        else
        {
            curve.DiscountFactors(times, table);
        }

        return table;
    }

    private readonly record struct TableKey(int Market, string Curve, bool Bumped, bool ZeroRates);
}
