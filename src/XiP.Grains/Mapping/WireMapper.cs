using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Trades;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Time;
using CurveInterpolation = XiP.Abstractions.MarketData.CurveInterpolation;

namespace XiP.Grains.Mapping;

/// <summary>Turns the wire contract into the pricing library's domain objects. Validation happened at the gateway.</summary>
public static class WireMapper
{
    public static MarketDataDefinition ToDefinition(MarketDataSpec spec) => new(
        spec.ValuationDate,
        spec.Curves.ToDictionary(kv => kv.Key, kv => ToDefinition(kv.Value), StringComparer.Ordinal),
        spec.Equities.ToDictionary(kv => kv.Key, kv => new EquityMarket(kv.Value.Spot, kv.Value.DividendYield, kv.Value.Volatility), StringComparer.Ordinal));

    public static CurveDefinition ToDefinition(CurveSpec spec)
    {
        if (spec.FlatRate is { } rate)
        {
            return new FlatCurveDefinition(rate);
        }

        if (spec.Instruments is { } instruments)
        {
            // a bootstrap produces log-linear discount factors; that is the only interpolation it takes
            var bootstrapped = spec.Interpolation == CurveInterpolation.LinearZero ? CurveInterpolationKind.LinearZero : CurveInterpolationKind.LogLinearDiscount;
            return new BootstrapCurveDefinition(bootstrapped, instruments.Select(ToInstrument).ToList());
        }

        var interpolation = spec.Interpolation == CurveInterpolation.LogLinearDiscount
            ? CurveInterpolationKind.LogLinearDiscount
            : CurveInterpolationKind.LinearZero;

        return new PillarCurveDefinition(interpolation, (spec.Pillars ?? []).Select(p => new CurvePillar(p.Date, p.ZeroRate)).ToList());
    }

    public static Trade ToTrade(TradeSpec spec) => spec switch
    {
        EuropeanOptionSpec o => new EuropeanOptionTrade(o.Id, o.Book, o.Quantity, o.Underlying, ToOptionType(o.OptionType), o.Strike, o.Expiry, o.DiscountCurve),
        GeometricAsianOptionSpec a => new GeometricAsianOptionTrade(a.Id, a.Book, a.Quantity, a.Underlying, ToOptionType(a.OptionType), a.Strike, a.Expiry,
            a.Averaging == AveragingKind.Discrete ? Averaging.Discrete : Averaging.Continuous, a.FixingDates ?? [], a.DiscountCurve),
        InterestRateSwapSpec s => new InterestRateSwapTrade(s.Id, s.Book, s.Quantity, s.Notional, s.FixedRate, s.StartDate, s.MaturityDate,
            s.Direction == SwapDirectionKind.PayFixed ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed,
            ToFrequency(s.FixedFrequency), ToFrequency(s.FloatFrequency), s.Curve, s.CurrentFixingRate),
        FixedRateBondSpec b => new FixedRateBondTrade(b.Id, b.Book, b.Quantity, b.FaceValue, b.CouponRate, ToFrequency(b.Frequency), b.IssueDate, b.MaturityDate, b.Curve),
        _ => throw new ArgumentException($"Unknown trade type {spec.GetType().Name}.", nameof(spec)),
    };

    /// <summary>The contract's form of a trade (a stored trade read back): its book is always named.</summary>
    public static TradeSpec ToSpec(Trade trade) => trade switch
    {
        EuropeanOptionTrade o => new EuropeanOptionSpec
        {
            Id = o.Id, Book = o.Book, Quantity = o.Quantity, Underlying = o.Underlying, OptionType = ToOptionKind(o.OptionType), Strike = o.Strike,
            Expiry = o.Expiry, DiscountCurve = o.DiscountCurve,
        },
        GeometricAsianOptionTrade a => new GeometricAsianOptionSpec
        {
            Id = a.Id, Book = a.Book, Quantity = a.Quantity, Underlying = a.Underlying, OptionType = ToOptionKind(a.OptionType), Strike = a.Strike,
            Expiry = a.Expiry, Averaging = a.Averaging == Averaging.Discrete ? AveragingKind.Discrete : AveragingKind.Continuous,
            FixingDates = a.Averaging == Averaging.Discrete ? [.. a.FixingDates] : null, DiscountCurve = a.DiscountCurve,
        },
        InterestRateSwapTrade s => new InterestRateSwapSpec
        {
            Id = s.Id, Book = s.Book, Quantity = s.Quantity, Notional = s.Notional, FixedRate = s.FixedRate, StartDate = s.StartDate, MaturityDate = s.MaturityDate,
            Direction = s.Direction == SwapDirection.PayFixed ? SwapDirectionKind.PayFixed : SwapDirectionKind.ReceiveFixed,
            FixedFrequency = ToPaymentFrequency(s.FixedFrequency), FloatFrequency = ToPaymentFrequency(s.FloatFrequency), Curve = s.Curve, CurrentFixingRate = s.CurrentFixingRate,
        },
        FixedRateBondTrade b => new FixedRateBondSpec
        {
            Id = b.Id, Book = b.Book, Quantity = b.Quantity, FaceValue = b.FaceValue, CouponRate = b.CouponRate, Frequency = ToPaymentFrequency(b.Frequency),
            IssueDate = b.IssueDate, MaturityDate = b.MaturityDate, Curve = b.Curve,
        },
        _ => throw new ArgumentException($"Unknown trade type {trade.GetType().Name}.", nameof(trade)),
    };

    public static Measure ToMeasure(string name) => MeasureNames.TryParse(name, out var measure)
        ? measure
        : throw new ArgumentException($"Unknown measure '{name}'.", nameof(name));

    public static Frequency ToFrequency(PaymentFrequency frequency) => frequency switch
    {
        PaymentFrequency.Annual => Frequency.Annual,
        PaymentFrequency.Semiannual => Frequency.Semiannual,
        PaymentFrequency.Quarterly => Frequency.Quarterly,
        PaymentFrequency.Monthly => Frequency.Monthly,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    public static PaymentFrequency ToPaymentFrequency(Frequency frequency) => frequency switch
    {
        Frequency.Annual => PaymentFrequency.Annual,
        Frequency.Semiannual => PaymentFrequency.Semiannual,
        Frequency.Quarterly => PaymentFrequency.Quarterly,
        Frequency.Monthly => PaymentFrequency.Monthly,
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    private static OptionKind ToOptionKind(OptionType type) => type == OptionType.Call ? OptionKind.Call : OptionKind.Put;

    private static OptionType ToOptionType(OptionKind kind) => kind == OptionKind.Call ? OptionType.Call : OptionType.Put;

    private static CurveInstrument ToInstrument(CurveInstrumentSpec spec)
    {
        if (!Tenor.TryParse(spec.Tenor, out var tenor))
        {
            throw new ArgumentException($"Invalid tenor '{spec.Tenor}'.", nameof(spec));
        }

        return new CurveInstrument(
            spec.Type == CurveInstrumentKind.Deposit ? CurveInstrumentType.Deposit : CurveInstrumentType.Swap,
            tenor,
            spec.Rate,
            ToFrequency(spec.FixedFrequency ?? PaymentFrequency.Annual),
            ToFrequency(spec.FloatFrequency ?? PaymentFrequency.Semiannual));
    }
}
