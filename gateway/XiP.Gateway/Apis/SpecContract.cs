using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Gateway.Validation;
using Rest = XiP.Contracts;

namespace XiP.Gateway.Apis;

/// <summary>
/// Trades, market data, scenario sets and calibrations as the grains hold them, shown as the REST contract's shapes
/// (the readers of <see cref="XiP.Gateway.Validation"/> go the other way), so grain messages and JSON change apart.
/// </summary>
internal static class SpecContract
{
    public static Rest.Trades.Trade ToContract(this TradeSpec trade) => trade switch
    {
        EuropeanOptionSpec e => new Rest.Trades.EuropeanOption
        {
            Id = e.Id, Book = e.Book, Quantity = e.Quantity,
            Underlying = e.Underlying, OptionType = Same<OptionKind, Rest.Trades.OptionType>(e.OptionType), Strike = e.Strike, Expiry = e.Expiry,
            DiscountCurve = e.DiscountCurve,
        },
        GeometricAsianOptionSpec a => new Rest.Trades.GeometricAsianOption
        {
            Id = a.Id, Book = a.Book, Quantity = a.Quantity,
            Underlying = a.Underlying, OptionType = Same<OptionKind, Rest.Trades.OptionType>(a.OptionType), Strike = a.Strike, Expiry = a.Expiry,
            Averaging = Same<AveragingKind, Rest.Trades.Averaging>(a.Averaging), FixingDates = a.FixingDates, DiscountCurve = a.DiscountCurve,
        },
        InterestRateSwapSpec s => new Rest.Trades.InterestRateSwap
        {
            Id = s.Id, Book = s.Book, Quantity = s.Quantity,
            Notional = s.Notional, FixedRate = s.FixedRate, StartDate = s.StartDate, MaturityDate = s.MaturityDate,
            Direction = Same<SwapDirectionKind, Rest.Trades.SwapDirection>(s.Direction), FixedFrequency = Frequency(s.FixedFrequency),
            FloatFrequency = Frequency(s.FloatFrequency), Curve = s.Curve, CurrentFixingRate = s.CurrentFixingRate,
        },
        FixedRateBondSpec b => new Rest.Trades.FixedRateBond
        {
            Id = b.Id, Book = b.Book, Quantity = b.Quantity,
            FaceValue = b.FaceValue, CouponRate = b.CouponRate, Frequency = Frequency(b.Frequency), IssueDate = b.IssueDate,
            MaturityDate = b.MaturityDate, Curve = b.Curve,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(trade), trade.GetType().Name, "No contract shape for this product."),
    };

    public static Rest.Markets.MarketData ToContract(this MarketDataSpec snapshot) => new()
    {
        ValuationDate = snapshot.ValuationDate,
        Curves = snapshot.Curves.ToDictionary(c => c.Key, c => c.Value.ToContract(), StringComparer.Ordinal),
        Equities = snapshot.Equities.ToDictionary(e => e.Key, e => new Rest.Markets.Equity(e.Value.Spot, e.Value.DividendYield, e.Value.Volatility), StringComparer.Ordinal),
    };

    public static Rest.Markets.Curve ToContract(this CurveSpec curve) => new()
    {
        FlatRate = curve.FlatRate,
        Interpolation = curve.Interpolation is { } i ? Same<CurveInterpolation, Rest.Markets.Interpolation>(i) : null,
        Pillars = curve.Pillars?.ConvertAll(p => new Rest.Markets.Pillar(p.Date, p.ZeroRate)),
        Instruments = curve.Instruments?.ConvertAll(i => new Rest.Markets.CurveInstrument
        {
            Type = Same<CurveInstrumentKind, Rest.Markets.InstrumentType>(i.Type),
            Tenor = i.Tenor,
            Rate = i.Rate,
            FixedFrequency = i.FixedFrequency is { } f ? Frequency(f) : null,
            FloatFrequency = i.FloatFrequency is { } g ? Frequency(g) : null,
        }),
    };

    public static Rest.Scenarios.ScenarioSet ToContract(this ScenarioSetSpec set) => new()
    {
        Scenarios = set.Scenarios.ConvertAll(s => new Rest.Scenarios.Scenario
        {
            Id = s.Id,
            Shifts = s.Shifts.ConvertAll(h => new Rest.Scenarios.Shift
            {
                Target = h.Target, Kind = Same<ShiftKind, Rest.Scenarios.ShiftType>(h.Kind), Amount = h.Amount, Date = h.Date,
            }),
        }),
        Generate = set.Generate is { } g
            ? new Rest.Scenarios.ScenarioGenerator
            {
                Count = g.Count, Seed = g.Seed, CurveParallelBpStdDev = g.CurveParallelBpStdDev, SpotRelativeStdDev = g.SpotRelativeStdDev,
                VolAbsoluteStdDev = g.VolAbsoluteStdDev, DividendYieldAbsoluteStdDev = g.DividendYieldAbsoluteStdDev,
            }
            : null,
    };

    public static Rest.Pricing.CalibrateResponse ToContract(this CalibrateResponse calibrated) =>
        new(calibrated.Nodes.ConvertAll(n => new Rest.Pricing.CurveNode(n.Date, n.DiscountFactor)), calibrated.DiscountFactors);

    private static Rest.Trades.Frequency Frequency(PaymentFrequency frequency) => Same<PaymentFrequency, Rest.Trades.Frequency>(frequency);

    private static TTo Same<TFrom, TTo>(TFrom value)
        where TFrom : struct, Enum
        where TTo : struct, Enum => SameName<TFrom, TTo>.Of(value);
}
