using XiP.Contracts.Markets;
using XiP.Contracts.Trades;

namespace XiP.Gateway.Demo;

/// <summary>
/// The demo snapshot: a curve built each way the contract allows (flat, zero-rate pillars under both interpolations, and
/// bootstrapped from deposits and par swaps) and every equity the demo trades name. Levels are of the start of 2026, roughly.
/// </summary>
internal static class DemoMarket
{
    /// <summary>Bootstrapped from deposits and par swaps; the USD swaps' curve.</summary>
    public const string UsdSofr = "USD-SOFR";

    /// <summary>Zero-rate pillars, log-linear in the discount factor; the USD bonds' curve.</summary>
    public const string UsdTreasury = "USD-TSY";

    /// <summary>Zero-rate pillars, linear in the zero rate; EUR swaps, bonds and options.</summary>
    public const string EurEstr = "EUR-ESTR";

    /// <summary>One flat rate; the USD equity options' discount curve.</summary>
    public const string UsdFlat = "USD-FLAT";

    /// <summary>The fixing of a USD (EUR) floating period under way on the valuation date, as a seasoned swap states it.</summary>
    public const double UsdFixing = 0.0433;

    public const double EurFixing = 0.0195;

    public static IReadOnlyList<DemoEquity> Equities { get; } =
    [
        new("ACME", 128.24, 0.0416, 0.23, UsdFlat, 1.0),
        new("GLOBEX", 312.50, 0.012, 0.28, UsdFlat, 1.2),
        new("INITECH", 54.10, 0.025, 0.34, UsdFlat, 1.3),
        new("UMBRELLA", 87.75, 0.018, 0.31, UsdFlat, 0.9),
        new("HOOLI", 1045.00, 0.0, 0.36, UsdFlat, 1.4),
        new("TYRELL", 64.20, 0.031, 0.22, EurEstr, 0.8),
        new("STARK", 142.80, 0.022, 0.26, EurEstr, 1.1),
        new("WAYNE", 23.45, 0.045, 0.19, EurEstr, 0.7),
    ];

    /// <summary>The months from the valuation date of the EUR pillar a stress shifts: a pillar shift needs a date the curve has.</summary>
    public const int EurStressedPillarMonths = 120;

    // months from the valuation date, zero rate
    private static readonly (int Months, double Rate)[] EurPillars =
        [(0, 0.0190), (6, 0.0195), (12, 0.0200), (24, 0.0210), (36, 0.0220), (60, 0.0235), (84, 0.0250), (EurStressedPillarMonths, 0.0270), (180, 0.0285), (240, 0.0295), (360, 0.0290)];

    // months from the valuation date, zero rate
    private static readonly (int Months, double Rate)[] TreasuryPillars =
        [(1, 0.0430), (3, 0.0428), (6, 0.0420), (12, 0.0405), (24, 0.0390), (36, 0.0385), (60, 0.0385), (84, 0.0395), (120, 0.0410), (240, 0.0445), (360, 0.0460)];

    private static readonly (string Tenor, double Rate)[] SofrDeposits = [("1M", 0.0433), ("3M", 0.0430), ("6M", 0.0422)];

    private static readonly (string Tenor, double Rate)[] SofrSwaps =
        [("1Y", 0.0405), ("2Y", 0.0385), ("3Y", 0.0378), ("5Y", 0.0380), ("7Y", 0.0388), ("10Y", 0.0400), ("15Y", 0.0412), ("20Y", 0.0416), ("30Y", 0.0408)];

    public static MarketData Build(DateOnly valuationDate) => new()
    {
        ValuationDate = valuationDate,
        Curves = new Dictionary<string, Curve>(StringComparer.Ordinal)
        {
            [UsdSofr] = new()
            {
                Interpolation = Interpolation.LogLinearDiscount,
                Instruments =
                [
                    .. SofrDeposits.Select(d => new CurveInstrument { Type = InstrumentType.Deposit, Tenor = d.Tenor, Rate = d.Rate }),
                    .. SofrSwaps.Select(s => new CurveInstrument
                    {
                        Type = InstrumentType.Swap, Tenor = s.Tenor, Rate = s.Rate, FixedFrequency = Frequency.Annual, FloatFrequency = Frequency.Quarterly,
                    }),
                ],
            },
            [UsdTreasury] = Pillars(valuationDate, Interpolation.LogLinearDiscount, TreasuryPillars),
            [EurEstr] = Pillars(valuationDate, Interpolation.LinearZero, EurPillars),
            [UsdFlat] = new() { FlatRate = 0.04 },
        },
        Equities = Equities.ToDictionary(e => e.Name, e => new Equity(e.Spot, e.DividendYield, e.Volatility), StringComparer.Ordinal),
    };

    private static Curve Pillars(DateOnly valuationDate, Interpolation interpolation, IEnumerable<(int Months, double Rate)> pillars) => new()
    {
        Interpolation = interpolation,
        Pillars = [.. pillars.Select(p => new Pillar(valuationDate.AddMonths(p.Months), p.Rate))],
    };
}

/// <summary>A demo equity: its market, the curve its options discount on, and how strongly it follows the market in the historical scenarios.</summary>
internal sealed record DemoEquity(string Name, double Spot, double DividendYield, double Volatility, string DiscountCurve, double Beta);
