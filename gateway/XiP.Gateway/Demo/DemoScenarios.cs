using System.Globalization;
using XiP.Contracts.Scenarios;

namespace XiP.Gateway.Demo;

/// <summary>The demo scenario sets: a handful of named stresses, and a year of generated daily moves in the manner of historical simulation.</summary>
internal static class DemoScenarios
{
    public const string StressesId = "demo-stresses";

    public const string HistoricalId = "demo-historical-250";

    private const int HistoricalDays = 250;

    private const ulong Seed = 20260102250;

    // a day's moves at one standard deviation: the market factor, an equity's own move, its vol's own move, the USD and EUR rate levels (bp)
    private const double MarketMove = 0.011;
    private const double OwnMove = 0.012;
    private const double OwnVolMove = 0.004;
    private const double UsdRateMove = 5.0;
    private const double EurRateMove = 4.0;

    /// <summary>Volatility points gained per unit of spot lost: vols rise as markets fall.</summary>
    private const double VolPerSpot = 0.6;

    /// <summary>USD basis points per unit of market move: rates rise with equities, a little.</summary>
    private const double RatesPerMarket = 150.0;

    /// <summary>The share of USD rate moves that EUR rates follow.</summary>
    private const double EurFollowsUsd = 0.6;

    /// <summary>One day in this many is stressed, with moves three times as large.</summary>
    private const double StressedDayChance = 0.04;

    private static readonly string[] UsdCurves = [DemoMarket.UsdSofr, DemoMarket.UsdTreasury, DemoMarket.UsdFlat];

    public static ScenarioSet Stresses(DateOnly valuationDate) => new()
    {
        Scenarios =
        [
            Named("equity-down-20", AllEquities(ShiftType.SpotRelative, -0.20)),
            Named("equity-up-10", AllEquities(ShiftType.SpotRelative, 0.10)),
            Named("vol-up-5pts", AllEquities(ShiftType.VolAbsolute, 0.05)),
            Named("rates-up-100bp", AllCurves(100)),
            Named("rates-down-100bp", AllCurves(-100)),
            Named("eur-10y-up-25bp", new Shift { Target = $"curve:{DemoMarket.EurEstr}", Kind = ShiftType.Pillar, Amount = 25, Date = valuationDate.AddMonths(DemoMarket.EurStressedPillarMonths) }),
            Named("combined", AllEquities(ShiftType.SpotRelative, -0.20), AllEquities(ShiftType.VolAbsolute, 0.05), AllCurves(100)),
            Named("crash", AllEquities(ShiftType.SpotRelative, -0.35), AllEquities(ShiftType.VolAbsolute, 0.15), AllCurves(-75)),
        ],
    };

    /// <summary>
    /// 250 scenarios named by the weekdays before the valuation date, oldest first: one market factor that each equity
    /// follows by its beta plus a move of its own, vols that rise as spots fall, USD curves that move together and EUR ones
    /// partly with them, and now and then a stressed day.
    /// </summary>
    public static ScenarioSet Historical(DateOnly valuationDate)
    {
        var random = new DemoRandom(Seed);
        var scenarios = new List<Scenario>(HistoricalDays);
        foreach (var day in WeekdaysBefore(valuationDate, HistoricalDays))
        {
            var scale = random.Chance(StressedDayChance) ? 3.0 : 1.0;
            var market = MarketMove * scale * random.NextNormal();
            var usd = (RatesPerMarket * market) + (UsdRateMove * scale * random.NextNormal());
            var eur = (EurFollowsUsd * usd) + (EurRateMove * scale * random.NextNormal());
            var shifts = new List<Shift>(2 * DemoMarket.Equities.Count + UsdCurves.Length + 1);
            foreach (var equity in DemoMarket.Equities)
            {
                var spot = (equity.Beta * market) + (OwnMove * scale * random.NextNormal());
                // a vol may halve on a calm day, never reach zero
                var vol = Math.Max((-VolPerSpot * spot) + (OwnVolMove * scale * random.NextNormal()), -0.5 * equity.Volatility);
                shifts.Add(new Shift { Target = $"equity:{equity.Name}", Kind = ShiftType.SpotRelative, Amount = Math.Round(spot, 5) });
                shifts.Add(new Shift { Target = $"equity:{equity.Name}", Kind = ShiftType.VolAbsolute, Amount = Math.Round(vol, 5) });
            }

            foreach (var curve in UsdCurves)
            {
                shifts.Add(Parallel(curve, usd + random.NextNormal()));
            }

            shifts.Add(Parallel(DemoMarket.EurEstr, eur));
            scenarios.Add(new Scenario { Id = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Shifts = shifts });
        }

        return new ScenarioSet { Scenarios = scenarios };
    }

    private static IEnumerable<DateOnly> WeekdaysBefore(DateOnly date, int count)
    {
        var days = new List<DateOnly>(count);
        for (var day = date.AddDays(-1); days.Count < count; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }

        days.Reverse();
        return days;
    }

    private static Scenario Named(string id, params Shift[][] shifts) => new() { Id = id, Shifts = [.. shifts.SelectMany(s => s)] };

    private static Scenario Named(string id, Shift shift) => new() { Id = id, Shifts = [shift] };

    private static Shift[] AllEquities(ShiftType kind, double amount) => [new Shift { Target = "equity:*", Kind = kind, Amount = amount }];

    private static Shift[] AllCurves(double basisPoints) => [new Shift { Target = "curve:*", Kind = ShiftType.Parallel, Amount = basisPoints }];

    private static Shift Parallel(string curve, double basisPoints) => new() { Target = $"curve:{curve}", Kind = ShiftType.Parallel, Amount = Math.Round(basisPoints, 2) };
}
