using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Pricing.Columnar;

/// <summary>
/// Trades as columns: ids, versions and books for every trade in table order, and per product the numbers as
/// arrays, dates as day numbers and underlying and curve names as indexes into <see cref="Names"/>. Immutable
/// once built (<see cref="TradeTableBuilder"/>); the arrays are shared, never copied, so nobody may write to them.
/// </summary>
public sealed class TradeTable
{
    internal TradeTable(
        string[] ids, int[] versions, int[] bookIndex, string[] books, string[] names, ProductKind[] products, int[] rows,
        EuropeanColumns european, AsianColumns asian, SwapColumns swaps, BondColumns bonds)
    {
        Ids = ids;
        Versions = versions;
        BookIndex = bookIndex;
        Books = books;
        Names = names;
        Products = products;
        Rows = rows;
        European = european;
        Asian = asian;
        Swaps = swaps;
        Bonds = bonds;
    }

    public static TradeTable Empty { get; } = new TradeTableBuilder().Build();

    public int Count => Ids.Length;

    public string[] Ids { get; }

    public int[] Versions { get; }

    /// <summary>Each trade's book, as an index into <see cref="Books"/>.</summary>
    public int[] BookIndex { get; }

    public string[] Books { get; }

    /// <summary>The underlying and curve names the product columns point into.</summary>
    public string[] Names { get; }

    public ProductKind[] Products { get; }

    /// <summary>Each trade's row in its product's columns.</summary>
    public int[] Rows { get; }

    public EuropeanColumns European { get; }

    public AsianColumns Asian { get; }

    public SwapColumns Swaps { get; }

    public BondColumns Bonds { get; }

    public string BookOf(int index) => Books[BookIndex[index]];

    /// <summary>The rows of <paramref name="product"/> that belong to trades first … first + count − 1.</summary>
    public (int FirstRow, int Count) RowRange(ProductKind product, int first, int count)
    {
        var positions = Columns(product).Position;
        var from = LowerBound(positions, first);
        var to = LowerBound(positions, first + count);
        return (from, to - from);
    }

    public ProductColumns Columns(ProductKind product) => product switch
    {
        ProductKind.EuropeanOption => European,
        ProductKind.GeometricAsianOption => Asian,
        ProductKind.InterestRateSwap => Swaps,
        ProductKind.FixedRateBond => Bonds,
        _ => throw new ArgumentOutOfRangeException(nameof(product), product, null),
    };

    /// <summary>The trade at <paramref name="index"/> as the pricing library's object.</summary>
    public Trade ToTrade(int index)
    {
        var row = Rows[index];
        var id = Ids[index];
        var book = BookOf(index);
        switch (Products[index])
        {
            case ProductKind.EuropeanOption:
                var e = European;
                return new EuropeanOptionTrade(id, book, e.Quantity[row], Names[e.Underlying[row]], e.Put[row] == 1 ? OptionType.Put : OptionType.Call,
                    e.Strike[row], DateOnly.FromDayNumber(e.ExpiryDay[row]), Names[e.Curve[row]]);
            case ProductKind.GeometricAsianOption:
                var a = Asian;
                var fixings = new DateOnly[a.FixingOffsets[row + 1] - a.FixingOffsets[row]];
                for (var k = 0; k < fixings.Length; k++)
                {
                    fixings[k] = DateOnly.FromDayNumber(a.FixingDays[a.FixingOffsets[row] + k]);
                }

                return new GeometricAsianOptionTrade(id, book, a.Quantity[row], Names[a.Underlying[row]], a.Put[row] == 1 ? OptionType.Put : OptionType.Call,
                    a.Strike[row], DateOnly.FromDayNumber(a.ExpiryDay[row]), a.Continuous[row] == 1 ? Averaging.Continuous : Averaging.Discrete, fixings, Names[a.Curve[row]]);
            case ProductKind.InterestRateSwap:
                var s = Swaps;
                return new InterestRateSwapTrade(id, book, s.Quantity[row], s.Notional[row], s.FixedRate[row], DateOnly.FromDayNumber(s.StartDay[row]),
                    DateOnly.FromDayNumber(s.MaturityDay[row]), s.ReceiveFixed[row] == 1 ? SwapDirection.ReceiveFixed : SwapDirection.PayFixed,
                    (Frequency)s.FixedMonths[row], (Frequency)s.FloatMonths[row], Names[s.Curve[row]], double.IsNaN(s.CurrentFixing[row]) ? null : s.CurrentFixing[row]);
            case ProductKind.FixedRateBond:
                var b = Bonds;
                return new FixedRateBondTrade(id, book, b.Quantity[row], b.FaceValue[row], b.CouponRate[row], (Frequency)b.Months[row],
                    DateOnly.FromDayNumber(b.IssueDay[row]), DateOnly.FromDayNumber(b.MaturityDay[row]), Names[b.Curve[row]]);
            default:
                throw new InvalidDataException($"Trade {index} has an unknown product {Products[index]}.");
        }
    }

    /// <summary>Trades first … first + count − 1 as a table of their own.</summary>
    public TradeTable Slice(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, Count);
        var builder = new TradeTableBuilder(count);
        for (var i = first; i < first + count; i++)
        {
            builder.AddRow(this, i);
        }

        return builder.Build();
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
