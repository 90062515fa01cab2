using System.Globalization;
using System.Text.Json;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;
using XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>
/// One pass over a <c>POST /v1/price</c> body for the request clients send again and again: members named
/// as the contract spells them, each once, none null, every value valid. Anything else (a name in other
/// letter case, a value out of range, JSON that does not parse) makes it give up, and
/// <see cref="PriceRequestReader"/> reads the body again to name every problem.
/// </summary>
/// <remarks>
/// What this reader accepts, <see cref="PriceRequestReader"/> accepts too, and builds an equal request from:
/// the same reader options, the same string, number and date parsing, the same rules. European options are
/// read here; another trade type is read by <see cref="TradeReader"/> from its own element; inline market
/// data by <see cref="MarketDataReader"/>, once per distinct body when the caller keeps the result.
/// </remarks>
public static class PriceRequestFastPath
{
    private const int MaxMeasures = Limits.MaxMeasuresPerRequest;
    private const int MaxStringLength = 200;

    private enum Member
    {
        Unknown,
        Type,
        Id,
        Book,
        Quantity,
        Underlying,
        OptionType,
        Strike,
        Expiry,
        DiscountCurve,
    }

    /// <summary>
    /// The request of <paramref name="body"/> when it is the plain case, and whether its market data is
    /// inline; a null request when the body must go through <see cref="PriceRequestReader"/>.
    /// </summary>
    /// <param name="inlineMarket">Validates inline market data (the JSON of the body's <c>marketData</c>); <see cref="TryReadMarket"/>, or a cache in front of it.</param>
    /// <param name="loadSnapshot">Fetches a stored snapshot; null when none is stored.</param>
    public static async ValueTask<(PriceRequest? Request, bool Inline)> TryReadAsync(
        ReadOnlyMemory<byte> body, int maxTrades, Func<ReadOnlyMemory<byte>, MarketDataSpec?> inlineMarket, Func<string, Task<MarketDataSpec?>> loadSnapshot)
    {
        if (!TryScan(body.Span, out var parts))
        {
            return (null, false);
        }

        var inline = parts.MarketData is not null;
        var market = parts.MarketData is { } json ? inlineMarket(body[json]) : await loadSnapshot(parts.MarketDataId!);
        var trades = market is null ? null : TryReadTrades(body[parts.Trades], maxTrades, market);
        return (trades is null ? null : new PriceRequest(market!, trades, parts.Measures), inline);
    }

    /// <summary>
    /// Finds the parts of <paramref name="body"/>: the inline market data's JSON (or a snapshot id), the trades'
    /// JSON and the measures, read and checked. False when the body is anything but the plain case.
    /// </summary>
    public static bool TryScan(ReadOnlySpan<byte> body, out PriceRequestParts parts)
    {
        parts = default;
        Range? marketData = null;
        Range? trades = null;
        string? marketDataId = null;
        List<string>? measures = null;
        try
        {
            var reader = new Utf8JsonReader(body, JsonBody.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("marketData"u8) && marketData is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    marketData = Extent(ref reader);
                }
                else if (reader.ValueTextEquals("marketDataId"u8) && marketDataId is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || ValidString(reader.GetString()) is not { } id)
                    {
                        return false;
                    }

                    marketDataId = id;
                }
                else if (reader.ValueTextEquals("trades"u8) && trades is null)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                    {
                        return false;
                    }

                    trades = Extent(ref reader);
                }
                else if (reader.ValueTextEquals("measures"u8) && measures is null)
                {
                    if (!reader.Read() || ReadMeasures(ref reader) is not { } read)
                    {
                        return false;
                    }

                    measures = read;
                }
                else
                {
                    return false;
                }
            }

            // the root object ends, and nothing but white space follows it
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }

        if ((marketData is null) == (marketDataId is null) || trades is not { } tradesRange || measures is null)
        {
            return false;
        }

        parts = new PriceRequestParts(marketData, marketDataId, tradesRange, measures);
        return true;
    }

    /// <summary>Validates inline market data (the JSON of the body's <c>marketData</c>) as <see cref="PriceRequestReader"/> would; null when it has any problem.</summary>
    public static MarketDataSpec? TryReadMarket(ReadOnlyMemory<byte> marketData)
    {
        try
        {
            using var document = JsonDocument.Parse(marketData, JsonBody.DocumentOptions);
            var errors = new ValidationErrors();
            var market = JsonObjectReader.Open(document.RootElement, "marketData", errors) is { } reader ? MarketDataReader.Read(reader) : null;
            return errors.Any ? null : market;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The trades of the JSON array <paramref name="trades"/>, validated against <paramref name="market"/> as
    /// <see cref="PriceRequestReader"/> would; null when any has a problem, or there are more than <paramref name="maxTrades"/>.
    /// </summary>
    public static List<TradeSpec>? TryReadTrades(ReadOnlyMemory<byte> trades, int maxTrades, MarketDataSpec market)
    {
        var span = trades.Span;
        var read = new List<TradeSpec>();
        HashSet<string>? ids = null;
        try
        {
            var reader = new Utf8JsonReader(span, JsonBody.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (read.Count == maxTrades || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                var element = reader;
                TradeSpec? trade = TryReadEuropeanOption(ref element, market);
                var extent = Extent(ref reader);
                trade ??= TryReadTrade(trades[extent], read.Count, market);
                if (trade is null)
                {
                    return null;
                }

                // ids must not repeat; one trade needs no set to say so
                if (read.Count > 0)
                {
                    ids ??= new HashSet<string>(StringComparer.Ordinal) { read[0].Id };
                    if (!ids.Add(trade.Id))
                    {
                        return null;
                    }
                }

                read.Add(trade);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }

        return read.Count > 0 ? read : null;
    }

    // Reads one European option member by member, exactly as TradeReader would accept it; null for
    // anything else (another trade type included), leaving the element to TradeReader.
    private static EuropeanOptionSpec? TryReadEuropeanOption(ref Utf8JsonReader reader, MarketDataSpec market)
    {
        var seen = 0;
        string? id = null, book = null, underlying = null, discountCurve = null;
        double quantity = 1.0, strike = 0.0;
        OptionKind? optionType = null;
        DateOnly? expiry = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = MemberOf(ref reader);
            var bit = 1 << (int)member;
            if (member == Member.Unknown || (seen & bit) != 0 || !reader.Read())
            {
                return null;
            }

            seen |= bit;
            switch (member)
            {
                case Member.Type:
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(TradeTypes.EuropeanOption))
                    {
                        return null;
                    }

                    break;
                case Member.Id:
                    id = ReadString(ref reader);
                    break;
                case Member.Book:
                    book = ReadString(ref reader);
                    break;
                case Member.Quantity:
                    quantity = ReadNumber(ref reader) is { } q && Rules.Quantity(q) is null ? q : double.NaN;
                    break;
                case Member.Underlying:
                    underlying = ReadString(ref reader) is { } equity && market.Equities.ContainsKey(equity) ? equity : null;
                    break;
                case Member.OptionType:
                    optionType = ReadString(ref reader) is { } kind && WireNames.OptionTypes.TryGetValue(kind, out var o) ? o : null;
                    break;
                case Member.Strike:
                    strike = ReadNumber(ref reader) is { } k && Rules.Price(k) is null ? k : double.NaN;
                    break;
                case Member.Expiry:
                    expiry = ReadDate(ref reader) is { } e && e >= market.ValuationDate ? e : null;
                    break;
                case Member.DiscountCurve:
                    discountCurve = ReadString(ref reader) is { } curve && market.Curves.ContainsKey(curve) ? curve : null;
                    break;
            }
        }

        // every member but book and quantity is required; a member read but refused left its value unset (or NaN)
        const int required = (1 << (int)Member.Type) | (1 << (int)Member.Id) | (1 << (int)Member.Underlying) | (1 << (int)Member.OptionType)
            | (1 << (int)Member.Strike) | (1 << (int)Member.Expiry) | (1 << (int)Member.DiscountCurve);
        var bookOk = (seen & (1 << (int)Member.Book)) == 0 || book is not null;
        if ((seen & required) != required || !bookOk || id is null || underlying is null || optionType is not { } optionKind
            || double.IsNaN(quantity) || double.IsNaN(strike) || expiry is not { } expiryDate || discountCurve is null)
        {
            return null;
        }

        return new EuropeanOptionSpec
        {
            Id = id, Book = book, Quantity = quantity, Underlying = underlying, OptionType = optionKind, Strike = strike, Expiry = expiryDate, DiscountCurve = discountCurve,
        };
    }

    // Any trade type, by the reader of the slow path, from the trade's own JSON.
    private static TradeSpec? TryReadTrade(ReadOnlyMemory<byte> trade, int index, MarketDataSpec market)
    {
        using var document = JsonDocument.Parse(trade, JsonBody.DocumentOptions);
        var errors = new ValidationErrors();
        var spec = JsonObjectReader.Open(document.RootElement, ValidationErrors.Element("trades", index), errors) is { } reader ? TradeReader.Read(reader, market) : null;
        return errors.Any ? null : spec;
    }

    private static List<string>? ReadMeasures(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var measures = new List<string>();
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (++count > MaxMeasures || reader.TokenType != JsonTokenType.String || !WireNames.Measures.TryGetValue(reader.GetString()!, out var measure))
            {
                return null;
            }

            if (!measures.Contains(measure))
            {
                measures.Add(measure);
            }
        }

        return count > 0 ? measures : null;
    }

    private static Member MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("type"u8) ? Member.Type
        : reader.ValueTextEquals("id"u8) ? Member.Id
        : reader.ValueTextEquals("underlying"u8) ? Member.Underlying
        : reader.ValueTextEquals("optionType"u8) ? Member.OptionType
        : reader.ValueTextEquals("strike"u8) ? Member.Strike
        : reader.ValueTextEquals("expiry"u8) ? Member.Expiry
        : reader.ValueTextEquals("quantity"u8) ? Member.Quantity
        : reader.ValueTextEquals("discountCurve"u8) ? Member.DiscountCurve
        : reader.ValueTextEquals("book"u8) ? Member.Book
        : Member.Unknown;

    // JsonObjectReader.String: a string, not blank, at most 200 characters
    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? ValidString(reader.GetString()) : null;

    private static string? ValidString(string? text) => string.IsNullOrWhiteSpace(text) || text.Length > MaxStringLength || JsonObjectReader.HasControl(text) ? null : text;

    // JsonObjectReader.ReadNumber: a number that parses to a finite double
    private static double? ReadNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;

    // JsonObjectReader.ReadDate: a string yyyy-MM-dd
    private static DateOnly? ReadDate(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
        && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && Dates.InRange(date)
            ? date
            : null;

    // the bytes of the object or array the reader is at, which it skips
    private static Range Extent(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return start..(int)reader.BytesConsumed;
    }
}

/// <summary>The parts of a price request body found by <see cref="PriceRequestFastPath.TryScan"/>.</summary>
/// <param name="MarketData">Where the inline market data's JSON is; or null, and <paramref name="MarketDataId"/> names a stored snapshot.</param>
/// <param name="MarketDataId">The stored snapshot's id; or null, and <paramref name="MarketData"/> is given.</param>
/// <param name="Trades">Where the trades' JSON array is.</param>
/// <param name="Measures">Canonical measure names, each once, in the order first asked for.</param>
public readonly record struct PriceRequestParts(Range? MarketData, string? MarketDataId, Range Trades, List<string> Measures);
