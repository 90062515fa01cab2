using XiP.Contracts.Trades;

namespace XiP.Gateway.Demo;

/// <summary>
/// The demo books: seeded pseudo-random trades of the four products, every one alive after the valuation date and
/// priced off a curve and equity of <see cref="DemoMarket"/>. Each book draws from its own seed, so the trades of one
/// book do not depend on how many another holds.
/// </summary>
internal static class DemoTrades
{
    private const ulong Seed = 20260102;

    private static readonly int[] SwapTenors = [2, 3, 5, 7, 10, 15, 20, 30];
    private static readonly int[] BondTerms = [2, 3, 5, 7, 10, 20, 30];

    /// <summary>Each book: its name, the infix of its trade ids, and how many trades of each product it holds.</summary>
    public static IReadOnlyList<DemoBook> Books { get; } =
    [
        new("demo-equity", "eq", European: 1000, Asian: 400, Swaps: 0, Bonds: 0),
        new("demo-rates", "ir", European: 0, Asian: 0, Swaps: 800, Bonds: 0),
        new("demo-bonds", "bd", European: 0, Asian: 0, Swaps: 0, Bonds: 600),
        new("demo-mixed", "mx", European: 100, Asian: 100, Swaps: 100, Bonds: 100),
    ];

    public static List<Trade> Build(DateOnly valuationDate)
    {
        var trades = new List<Trade>(Books.Sum(b => b.Count));
        for (var b = 0; b < Books.Count; b++)
        {
            var book = Books[b];
            var random = new DemoRandom(Seed + (ulong)b);
            var n = 0;
            string NextId() => $"demo-{book.IdInfix}-{++n:D4}";
            for (var i = 0; i < book.European; i++)
            {
                trades.Add(European(random, NextId(), book.Name, valuationDate));
            }

            for (var i = 0; i < book.Asian; i++)
            {
                trades.Add(Asian(random, NextId(), book.Name, valuationDate));
            }

            for (var i = 0; i < book.Swaps; i++)
            {
                trades.Add(Swap(random, NextId(), book.Name, valuationDate));
            }

            for (var i = 0; i < book.Bonds; i++)
            {
                trades.Add(Bond(random, NextId(), book.Name, valuationDate));
            }
        }

        return trades;
    }

    private static EuropeanOption European(DemoRandom random, string id, string book, DateOnly valuationDate)
    {
        var equity = random.Pick(DemoMarket.Equities);
        return new EuropeanOption
        {
            Id = id,
            Book = book,
            Quantity = OptionQuantity(random),
            Underlying = equity.Name,
            OptionType = random.Chance(0.5) ? OptionType.Call : OptionType.Put,
            Strike = Math.Round(equity.Spot * random.Uniform(0.7, 1.3), 2),
            Expiry = valuationDate.AddDays(random.Between(30, 5 * 365)),
            DiscountCurve = equity.DiscountCurve,
        };
    }

    private static GeometricAsianOption Asian(DemoRandom random, string id, string book, DateOnly valuationDate)
    {
        var equity = random.Pick(DemoMarket.Equities);
        var optionType = random.Chance(0.5) ? OptionType.Call : OptionType.Put;
        var strike = Math.Round(equity.Spot * random.Uniform(0.8, 1.2), 2);
        var expiry = valuationDate.AddDays(random.Between(60, 2 * 365));
        var discrete = random.Chance(0.5);
        return new GeometricAsianOption
        {
            Id = id,
            Book = book,
            Quantity = OptionQuantity(random),
            Underlying = equity.Name,
            OptionType = optionType,
            Strike = strike,
            Expiry = expiry,
            Averaging = discrete ? Averaging.Discrete : Averaging.Continuous,
            FixingDates = discrete ? MonthlyFixings(valuationDate, expiry) : null,
            DiscountCurve = equity.DiscountCurve,
        };
    }

    // monthly back from the expiry; only dates still to come, since past fixings are not modelled
    private static List<DateOnly> MonthlyFixings(DateOnly valuationDate, DateOnly expiry)
    {
        var dates = new List<DateOnly>();
        for (var months = 0; expiry.AddMonths(-months) > valuationDate; months++)
        {
            dates.Add(expiry.AddMonths(-months));
        }

        dates.Reverse();
        return dates;
    }

    private static InterestRateSwap Swap(DemoRandom random, string id, string book, DateOnly valuationDate)
    {
        var usd = random.Chance(0.6);
        var tenor = random.Pick(SwapTenors);
        var seasoned = random.Chance(0.3);
        var start = seasoned
            ? valuationDate.AddMonths(-random.Between(3, 60))
            : SpotDate(valuationDate).AddMonths(random.Chance(0.7) ? 0 : random.Between(1, 24));
        return new InterestRateSwap
        {
            Id = id,
            Book = book,
            Notional = random.Between(1, 100) * 1_000_000.0,
            FixedRate = Math.Round((usd ? 0.039 : 0.023) + random.Uniform(-0.01, 0.01), 5),
            StartDate = start,
            MaturityDate = AliveAt(valuationDate, start.AddYears(tenor)),
            Direction = random.Chance(0.5) ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed,
            FixedFrequency = Frequency.Annual,
            FloatFrequency = usd ? Frequency.Quarterly : Frequency.Semiannual,
            Curve = usd ? DemoMarket.UsdSofr : DemoMarket.EurEstr,
            // a swap that started before the valuation date has a floating period under way, whose rate was set at its start
            CurrentFixingRate = seasoned ? (usd ? DemoMarket.UsdFixing : DemoMarket.EurFixing) : null,
        };
    }

    private static FixedRateBond Bond(DemoRandom random, string id, string book, DateOnly valuationDate)
    {
        var usd = random.Chance(0.6);
        var term = random.Pick(BondTerms);
        var issue = valuationDate.AddMonths(-random.Between(0, 120));
        return new FixedRateBond
        {
            Id = id,
            Book = book,
            Quantity = random.Between(1, 200) * 1000,
            FaceValue = 100,
            CouponRate = Math.Round(random.Between(4, 48) * 0.00125, 5),
            Frequency = usd ? Frequency.Semiannual : Frequency.Annual,
            IssueDate = issue,
            MaturityDate = AliveAt(valuationDate, issue.AddYears(term)),
            Curve = usd ? DemoMarket.UsdTreasury : DemoMarket.EurEstr,
        };
    }

    // two weekdays on, as swaps start; the schedules themselves are unadjusted, as the contract says
    private static DateOnly SpotDate(DateOnly valuationDate)
    {
        var date = valuationDate;
        for (var weekdays = 0; weekdays < 2;)
        {
            date = date.AddDays(1);
            weekdays += date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0 : 1;
        }

        return date;
    }

    // a maturity that drew too short for a seasoned trade is pushed out by whole five-year steps
    private static DateOnly AliveAt(DateOnly valuationDate, DateOnly maturity)
    {
        while (maturity <= valuationDate.AddMonths(3))
        {
            maturity = maturity.AddYears(5);
        }

        return maturity;
    }

    private static double OptionQuantity(DemoRandom random)
    {
        var size = random.Between(1, 50) * 10.0;
        return random.Chance(0.3) ? -size : size;
    }
}

/// <summary>A demo book: its name, the infix of its trade ids (<c>demo-{infix}-0001</c>) and its trades per product.</summary>
internal sealed record DemoBook(string Name, string IdInfix, int European, int Asian, int Swaps, int Bonds)
{
    public int Count => European + Asian + Swaps + Bonds;
}
