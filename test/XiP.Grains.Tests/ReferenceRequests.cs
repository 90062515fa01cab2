using System.Text.Json;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Tests;

/// <summary>
/// Wire requests built from the QuantLib reference cases: every case gets its own curve (and equity),
/// named after the case, so one request prices a whole sample in one batch.
/// </summary>
internal static class ReferenceRequests
{
    /// <summary>The option measures and the field of european.json holding each one's reference value.</summary>
    public static readonly (string Measure, string Field)[] OptionMeasures =
    [
        ("pv", "price"), ("delta", "delta"), ("gamma", "gamma"), ("vega", "vega"),
        ("theta", "theta"), ("rho", "rho"), ("dividendRho", "dividend_rho"),
    ];

    /// <summary>The swap measures and the field of swap.json holding each one's reference value.</summary>
    public static readonly (string Measure, string Field)[] SwapMeasures =
    [
        ("pv", "npv_payer"), ("parRate", "fair_rate"), ("pv01", "pv01_payer"),
    ];

    /// <summary>European options on flat curves: rate r, equity (S, q, σ), expiry the valuation date + days.</summary>
    public static PriceRequest EuropeanOptions(DateOnly valuationDate, IReadOnlyList<JsonElement> cases) => new(
        new MarketDataSpec
        {
            ValuationDate = valuationDate,
            Curves = cases.ToDictionary(CurveName, c => new CurveSpec { FlatRate = c.GetProperty("r").GetDouble() }),
            Equities = cases.ToDictionary(EquityName, c => new EquitySpec(
                c.GetProperty("S").GetDouble(), c.GetProperty("q").GetDouble(), c.GetProperty("sigma").GetDouble())),
        },
        cases.Select(c => (TradeSpec)new EuropeanOptionSpec
        {
            Id = Id(c),
            Underlying = EquityName(c),
            OptionType = c.GetProperty("type").GetString() == "call" ? OptionKind.Call : OptionKind.Put,
            Strike = c.GetProperty("K").GetDouble(),
            Expiry = valuationDate.AddDays(c.GetProperty("days").GetInt32()),
            DiscountCurve = CurveName(c),
        }).ToList(),
        OptionMeasures.Select(m => m.Measure).ToList());

    /// <summary>Payer swaps (fixed annual) on each case's linear-zero pillar curve.</summary>
    public static PriceRequest Swaps(DateOnly valuationDate, IReadOnlyList<JsonElement> cases) => new(
        new MarketDataSpec
        {
            ValuationDate = valuationDate,
            Curves = cases.ToDictionary(CurveName, c => new CurveSpec
            {
                Interpolation = CurveInterpolation.LinearZero,
                Pillars = c.GetProperty("curve").GetProperty("pillars").EnumerateArray()
                    .Select(p => new PillarSpec(DateOnly.Parse(p.GetProperty("date").GetString()!), p.GetProperty("z").GetDouble()))
                    .ToList(),
            }),
        },
        cases.Select(c => (TradeSpec)new InterestRateSwapSpec
        {
            Id = Id(c),
            Notional = c.GetProperty("notional").GetDouble(),
            FixedRate = c.GetProperty("fixed_rate").GetDouble(),
            StartDate = DateOnly.Parse(c.GetProperty("start_date").GetString()!),
            MaturityDate = DateOnly.Parse(c.GetProperty("end_date").GetString()!),
            Direction = SwapDirectionKind.PayFixed,
            FixedFrequency = PaymentFrequency.Annual,
            FloatFrequency = c.GetProperty("float_frequency").GetString() == "semiannual" ? PaymentFrequency.Semiannual : PaymentFrequency.Quarterly,
            Curve = CurveName(c),
        }).ToList(),
        SwapMeasures.Select(m => m.Measure).ToList());

    public static string Id(JsonElement c) => c.GetProperty("id").GetString()!;

    private static string CurveName(JsonElement c) => $"curve-{Id(c)}";

    private static string EquityName(JsonElement c) => $"equity-{Id(c)}";
}
