using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Benchmarks.Workloads;

/// <summary>
/// A book of 10-year swaps (annual fixed, quarterly float) on one 20-pillar linear-zero curve, valued on
/// 2024-01-15: one call builds the discount-factor-by-day table and values every swap off it.
/// Some swaps started up to half a year ago (their current floating period carries a fixed rate), the
/// rest start within a month.
/// </summary>
internal sealed class SwapBookWorkload
{
    public const int DefaultCount = 1000;

    private readonly DiscountCurve _curve;
    private readonly double[] _table;
    private readonly double[] _annuities;
    private readonly double[] _floatingLegs;
    private readonly double[] _presentValues;

    public SwapBookWorkload(int count = DefaultCount, int seed = 20240117)
    {
        Book = new SwapBook(Swaps(count, seed));
        _curve = MarketFixture.Curve();
        TableDays = Book.LastDay + 1;
        _table = new double[TableDays];
        _annuities = new double[count];
        _floatingLegs = new double[count];
        _presentValues = new double[count];
    }

    public SwapBook Book { get; }

    public int Count => _presentValues.Length;

    /// <summary>Entries of the discount-factor table: <see cref="SwapBook.LastDay"/> + 1.</summary>
    public int TableDays { get; }

    public IReadOnlyList<double[]> Outputs => [_table, _presentValues];

    public void PresentValues()
    {
        _curve.DiscountFactors(DayGrid.Times(TableDays), _table);
        Book.PresentValues(_table, _annuities, _floatingLegs, _presentValues);
    }

    /// <summary>Deterministic 10-year swaps as resolved on <see cref="MarketFixture.ValuationDate"/>.</summary>
    public static List<ResolvedSwap> Swaps(int count, int seed)
    {
        var random = new Random(seed);
        var swaps = new List<ResolvedSwap>(count);
        for (var j = 0; j < count; j++)
        {
            var start = MarketFixture.ValuationDate.AddDays(random.Next(-180, 31));
            var trade = new InterestRateSwapTrade(
                Id: $"SWP-{j:D4}",
                Book: null,
                Quantity: 1.0,
                Notional: 1e6 * (1 + random.Next(100)),
                FixedRate: 0.03 + 0.02 * random.NextDouble(),
                StartDate: start,
                MaturityDate: start.AddYears(10),
                Direction: random.Next(2) == 0 ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed,
                FixedFrequency: Frequency.Annual,
                FloatFrequency: Frequency.Quarterly,
                Curve: "USD",
                CurrentFixingRate: 0.035 + 0.01 * random.NextDouble());
            var swap = ResolvedSwap.Resolve(trade, MarketFixture.ValuationDate, out var error);
            if (error is not null)
            {
                throw new InvalidOperationException($"{trade.Id}: {error}");
            }

            swaps.Add(swap);
        }

        return swaps;
    }
}
