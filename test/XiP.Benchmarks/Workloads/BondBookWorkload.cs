using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Benchmarks.Workloads;

/// <summary>
/// 10-year semiannual fixed-rate bonds issued in the last half year, dirty prices per 100 on the
/// 20-pillar curve: one call builds the discount-factor-by-day table and sums every bond's flows off it
/// (as <see cref="DiscountingBondPricer"/> does).
/// </summary>
internal sealed class BondBookWorkload
{
    public const int DefaultCount = 1000;

    private readonly DiscountCurve _curve;
    private readonly int[] _offsets;
    private readonly int[] _days;
    private readonly double[] _amounts;
    private readonly double[] _table;
    private readonly double[] _dirtyPrices;

    public BondBookWorkload(int count = DefaultCount, int seed = 20240118)
    {
        var random = new Random(seed);
        var bonds = new List<ResolvedBond>(count);
        for (var j = 0; j < count; j++)
        {
            var issue = MarketFixture.ValuationDate.AddDays(-random.Next(0, 181));
            var trade = new FixedRateBondTrade(
                Id: $"BND-{j:D4}",
                Book: null,
                Quantity: 1.0,
                FaceValue: 1e6,
                CouponRate: 0.02 + 0.04 * random.NextDouble(),
                Frequency: Frequency.Semiannual,
                IssueDate: issue,
                MaturityDate: issue.AddYears(10),
                Curve: "USD");
            bonds.Add(ResolvedBond.Resolve(trade, MarketFixture.ValuationDate));
        }

        _offsets = new int[count + 1];
        for (var j = 0; j < count; j++)
        {
            _offsets[j + 1] = _offsets[j] + bonds[j].PayDays.Length;
        }

        _days = [.. bonds.SelectMany(b => b.PayDays)];
        _amounts = [.. bonds.SelectMany(b => b.Amounts)];
        TableDays = _days.Max() + 1;
        _curve = MarketFixture.Curve();
        _table = new double[TableDays];
        _dirtyPrices = new double[count];
    }

    public int Count => _dirtyPrices.Length;

    public int TableDays { get; }

    public IReadOnlyList<double[]> Outputs => [_table, _dirtyPrices];

    public void DirtyPrices()
    {
        _curve.DiscountFactors(DayGrid.Times(TableDays), _table);
        Cashflows.DiscountedSums(_table, _offsets, _days, _amounts, _dirtyPrices);
    }
}
