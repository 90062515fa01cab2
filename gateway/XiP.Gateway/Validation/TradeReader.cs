using XiP.Abstractions.MarketData;
using XiP.Abstractions.Trades;
using XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>
/// Validates one trade object of the REST contract and builds its <see cref="TradeSpec"/>. When market
/// data is at hand, the curves and equities a trade names must exist in it and dates must not lie
/// before its valuation date.
/// </summary>
public static class TradeReader
{
    public const int MaxFixingDates = 10_000;

    private static readonly Dictionary<string, TradeKind> TradeKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [TradeTypes.EuropeanOption] = TradeKind.EuropeanOption,
        [TradeTypes.GeometricAsianOption] = TradeKind.GeometricAsianOption,
        [TradeTypes.InterestRateSwap] = TradeKind.InterestRateSwap,
        [TradeTypes.FixedRateBond] = TradeKind.FixedRateBond,
    };

    private enum TradeKind
    {
        EuropeanOption,
        GeometricAsianOption,
        InterestRateSwap,
        FixedRateBond,
    }

    public static TradeSpec? Read(JsonObjectReader trade, MarketDataSpec? market)
    {
        var type = trade.Choice("type", TradeKinds);
        var id = trade.String("id");
        var book = trade.String("book", required: false);
        var quantity = trade.Number("quantity", required: false, rule: Rules.Quantity) ?? 1.0;
        TradeSpec? spec = type switch
        {
            TradeKind.EuropeanOption => EuropeanOption(trade, market),
            TradeKind.GeometricAsianOption => GeometricAsianOption(trade, market),
            TradeKind.InterestRateSwap => Swap(trade, market),
            TradeKind.FixedRateBond => Bond(trade, market),
            _ => null,
        };
        if (type is not null)
        {
            // Only a known type says which fields belong; for an unknown one the type error is enough.
            trade.RejectUnknown();
        }

        return spec is not null && id is not null ? spec with { Id = id, Book = book, Quantity = quantity } : null;
    }

    private static EuropeanOptionSpec? EuropeanOption(JsonObjectReader trade, MarketDataSpec? market)
    {
        var underlying = Equity(trade, "underlying", market);
        var optionType = trade.Choice("optionType", WireNames.OptionTypes);
        var strike = trade.Number("strike", rule: Rules.Price);
        var expiry = NotBefore(trade, "expiry", market, "the valuation date");
        var curve = Curve(trade, "discountCurve", market);
        return underlying is not null && optionType is { } o && strike is { } k && expiry is { } e && curve is not null
            ? new EuropeanOptionSpec { Id = string.Empty, Underlying = underlying, OptionType = o, Strike = k, Expiry = e, DiscountCurve = curve }
            : null;
    }

    private static GeometricAsianOptionSpec? GeometricAsianOption(JsonObjectReader trade, MarketDataSpec? market)
    {
        var underlying = Equity(trade, "underlying", market);
        var optionType = trade.Choice("optionType", WireNames.OptionTypes);
        var strike = trade.Number("strike", rule: Rules.Price);
        var expiry = trade.Date("expiry");
        if (expiry is { } e0 && market is not null && e0 <= market.ValuationDate)
        {
            trade.Errors.Add(trade.PathOf("expiry"), "must be after the valuation date: an Asian option averages over time still to come.");
            expiry = null;
        }

        var averaging = trade.Choice("averaging", WireNames.Averaging);
        var fixings = averaging == AveragingKind.Discrete ? FixingDates(trade, expiry, market) : null;
        if (averaging == AveragingKind.Continuous && trade.Has("fixingDates"))
        {
            trade.Value("fixingDates", false);
            trade.Errors.Add(trade.PathOf("fixingDates"), "must be left out for continuous averaging.");
            averaging = null;
        }

        var curve = Curve(trade, "discountCurve", market);
        var fixingsOk = averaging != AveragingKind.Discrete || fixings is not null;
        return underlying is not null && optionType is { } o && strike is { } k && expiry is { } e && averaging is { } a && fixingsOk && curve is not null
            ? new GeometricAsianOptionSpec { Id = string.Empty, Underlying = underlying, OptionType = o, Strike = k, Expiry = e, Averaging = a, FixingDates = fixings, DiscountCurve = curve }
            : null;
    }

    private static List<DateOnly>? FixingDates(JsonObjectReader trade, DateOnly? expiry, MarketDataSpec? market)
    {
        var elements = trade.Array("fixingDates", minCount: 1, maxCount: MaxFixingDates);
        if (elements is null)
        {
            return null;
        }

        var dates = new List<DateOnly>(elements.Count);
        var seen = new HashSet<DateOnly>();
        var ok = true;
        foreach (var (element, path) in elements)
        {
            if (JsonObjectReader.ReadDate(element, path, trade.Errors) is not { } date)
            {
                ok = false;
            }
            else if (market is not null && date <= market.ValuationDate)
            {
                trade.Errors.Add(path, "must be after the valuation date (past fixings are not modelled).");
                ok = false;
            }
            else if (expiry is { } e && date > e)
            {
                trade.Errors.Add(path, "must not be after the expiry.");
                ok = false;
            }
            else if (!seen.Add(date))
            {
                trade.Errors.Add(path, "repeats an earlier fixing date.");
                ok = false;
            }
            else
            {
                dates.Add(date);
            }
        }

        return ok ? dates : null;
    }

    private static InterestRateSwapSpec? Swap(JsonObjectReader trade, MarketDataSpec? market)
    {
        var notional = trade.Number("notional", rule: Rules.Amount);
        var fixedRate = trade.Number("fixedRate", rule: Rules.Rate);
        var start = trade.Date("startDate");
        var maturity = NotBefore(trade, "maturityDate", market, "the valuation date", strictlyAfter: true);
        maturity = WithinTerm(trade, start, "startDate", maturity);

        var direction = trade.Choice("direction", WireNames.Directions);
        var fixedFrequency = trade.Choice("fixedFrequency", WireNames.Frequencies);
        var floatFrequency = trade.Choice("floatFrequency", WireNames.Frequencies);
        var curve = Curve(trade, "curve", market);
        var currentFixing = trade.Number("currentFixingRate", required: false, rule: Rules.Rate);
        return notional is { } n && fixedRate is { } r && start is { } sd && maturity is { } md && direction is { } d
               && fixedFrequency is { } ff && floatFrequency is { } fl && curve is not null
            ? new InterestRateSwapSpec
            {
                Id = string.Empty, Notional = n, FixedRate = r, StartDate = sd, MaturityDate = md, Direction = d,
                FixedFrequency = ff, FloatFrequency = fl, Curve = curve, CurrentFixingRate = currentFixing,
            }
            : null;
    }

    // after the first date and at most Limits.MaxTermYears after it: the schedule between them is what a valuation walks
    private static DateOnly? WithinTerm(JsonObjectReader trade, DateOnly? first, string firstName, DateOnly? maturity)
    {
        if (first is not { } f || maturity is not { } m)
        {
            return maturity;
        }

        if (m <= f)
        {
            trade.Errors.Add(trade.PathOf("maturityDate"), $"must be after {firstName}.");
            return null;
        }

        if (m > f.AddYears(Limits.MaxTermYears))
        {
            trade.Errors.Add(trade.PathOf("maturityDate"), $"must be at most {Limits.MaxTermYears} years after {firstName}.");
            return null;
        }

        return m;
    }

    private static FixedRateBondSpec? Bond(JsonObjectReader trade, MarketDataSpec? market)
    {
        var face = trade.Number("faceValue", rule: Rules.Amount);
        var coupon = trade.Number("couponRate", rule: Rules.NonNegativeRate);
        var frequency = trade.Choice("frequency", WireNames.Frequencies);
        var issue = trade.Date("issueDate");
        var maturity = NotBefore(trade, "maturityDate", market, "the valuation date", strictlyAfter: true);
        maturity = WithinTerm(trade, issue, "issueDate", maturity);

        var curve = Curve(trade, "curve", market);
        return face is { } f && coupon is { } c && frequency is { } fr && issue is { } id && maturity is { } md && curve is not null
            ? new FixedRateBondSpec { Id = string.Empty, FaceValue = f, CouponRate = c, Frequency = fr, IssueDate = id, MaturityDate = md, Curve = curve }
            : null;
    }

    private static DateOnly? NotBefore(JsonObjectReader trade, string name, MarketDataSpec? market, string what, bool strictlyAfter = false)
    {
        var date = trade.Date(name);
        if (date is { } d && market is not null && (strictlyAfter ? d <= market.ValuationDate : d < market.ValuationDate))
        {
            trade.Errors.Add(trade.PathOf(name), strictlyAfter ? $"must be after {what}." : $"must not be before {what}.");
            return null;
        }

        return date;
    }

    private static string? Curve(JsonObjectReader trade, string name, MarketDataSpec? market)
    {
        var curve = trade.String(name);
        if (curve is not null && market is not null && !market.Curves.ContainsKey(curve))
        {
            trade.Errors.Add(trade.PathOf(name), $"names curve '{curve}', which the market data does not have.");
            return null;
        }

        return curve;
    }

    private static string? Equity(JsonObjectReader trade, string name, MarketDataSpec? market)
    {
        var equity = trade.String(name);
        if (equity is not null && market is not null && !market.Equities.ContainsKey(equity))
        {
            trade.Errors.Add(trade.PathOf(name), $"names equity '{equity}', which the market data does not have.");
            return null;
        }

        return equity;
    }
}
