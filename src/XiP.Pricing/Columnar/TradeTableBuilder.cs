using XiP.Pricing.Products;

namespace XiP.Pricing.Columnar;

/// <summary>Appends trades to columns, in the order given, and dictionary-encodes books and names.</summary>
public sealed class TradeTableBuilder
{
    private readonly List<string> _ids;
    private readonly List<int> _versions;
    private readonly List<int> _bookIndex;
    private readonly List<ProductKind> _products;
    private readonly List<int> _rows;
    private readonly Dictionary<string, int> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private readonly EuropeanBuilder _european = new();
    private readonly AsianBuilder _asian = new();
    private readonly SwapBuilder _swaps = new();
    private readonly BondBuilder _bonds = new();

    public TradeTableBuilder(int capacity = 0)
    {
        _ids = new List<string>(capacity);
        _versions = new List<int>(capacity);
        _bookIndex = new List<int>(capacity);
        _products = new List<ProductKind>(capacity);
        _rows = new List<int>(capacity);
    }

    public int Count => _ids.Count;

    /// <summary>Appends <paramref name="trade"/> at <paramref name="version"/>; a trade without a book goes to <paramref name="defaultBook"/>.</summary>
    public void Add(Trade trade, int version, string defaultBook = "default")
    {
        ArgumentNullException.ThrowIfNull(trade);
        var position = Begin(trade.Id, version, string.IsNullOrEmpty(trade.Book) ? defaultBook : trade.Book);
        switch (trade)
        {
            case EuropeanOptionTrade e:
                Append(ProductKind.EuropeanOption, _european.Add(position, e.Quantity, Name(e.Underlying), Name(e.DiscountCurve), e.OptionType == OptionType.Put, e.Strike, e.Expiry.DayNumber));
                break;
            case GeometricAsianOptionTrade a:
                var days = new int[a.FixingDates.Count];
                for (var k = 0; k < days.Length; k++)
                {
                    days[k] = a.FixingDates[k].DayNumber;
                }

                Append(ProductKind.GeometricAsianOption, _asian.Add(position, a.Quantity, Name(a.Underlying), Name(a.DiscountCurve), a.OptionType == OptionType.Put, a.Strike,
                    a.Expiry.DayNumber, a.Averaging == Averaging.Continuous, days));
                break;
            case InterestRateSwapTrade s:
                Append(ProductKind.InterestRateSwap, _swaps.Add(position, s.Quantity, s.Notional, s.FixedRate, s.StartDate.DayNumber, s.MaturityDate.DayNumber,
                    s.Direction == SwapDirection.ReceiveFixed, (byte)s.FixedFrequency, (byte)s.FloatFrequency, Name(s.Curve), s.CurrentFixingRate ?? double.NaN));
                break;
            case FixedRateBondTrade b:
                Append(ProductKind.FixedRateBond, _bonds.Add(position, b.Quantity, b.FaceValue, b.CouponRate, (byte)b.Frequency, b.IssueDate.DayNumber, b.MaturityDate.DayNumber, Name(b.Curve)));
                break;
            default:
                Abort();
                throw new ArgumentException($"No columns for trades of type {trade.GetType().Name}.", nameof(trade));
        }
    }

    /// <summary>Appends trade <paramref name="index"/> of <paramref name="source"/> as it is there, at its version.</summary>
    public void AddRow(TradeTable source, int index) => AddRow(source, index, source.Versions[index]);

    /// <summary>Appends trade <paramref name="index"/> of <paramref name="source"/> at <paramref name="version"/>.</summary>
    public void AddRow(TradeTable source, int index, int version)
    {
        ArgumentNullException.ThrowIfNull(source);
        var position = Begin(source.Ids[index], version, source.BookOf(index));
        var row = source.Rows[index];
        var names = source.Names;
        switch (source.Products[index])
        {
            case ProductKind.EuropeanOption:
                var e = source.European;
                Append(ProductKind.EuropeanOption, _european.Add(position, e.Quantity[row], Name(names[e.Underlying[row]]), Name(names[e.Curve[row]]), e.Put[row] == 1, e.Strike[row], e.ExpiryDay[row]));
                break;
            case ProductKind.GeometricAsianOption:
                var a = source.Asian;
                var days = a.FixingDays.AsSpan(a.FixingOffsets[row], a.FixingOffsets[row + 1] - a.FixingOffsets[row]).ToArray();
                Append(ProductKind.GeometricAsianOption, _asian.Add(position, a.Quantity[row], Name(names[a.Underlying[row]]), Name(names[a.Curve[row]]), a.Put[row] == 1, a.Strike[row],
                    a.ExpiryDay[row], a.Continuous[row] == 1, days));
                break;
            case ProductKind.InterestRateSwap:
                var s = source.Swaps;
                Append(ProductKind.InterestRateSwap, _swaps.Add(position, s.Quantity[row], s.Notional[row], s.FixedRate[row], s.StartDay[row], s.MaturityDay[row],
                    s.ReceiveFixed[row] == 1, s.FixedMonths[row], s.FloatMonths[row], Name(names[s.Curve[row]]), s.CurrentFixing[row]));
                break;
            case ProductKind.FixedRateBond:
                var b = source.Bonds;
                Append(ProductKind.FixedRateBond, _bonds.Add(position, b.Quantity[row], b.FaceValue[row], b.CouponRate[row], b.Months[row], b.IssueDay[row], b.MaturityDay[row], Name(names[b.Curve[row]])));
                break;
            default:
                Abort();
                throw new InvalidDataException($"Trade {index} has an unknown product.");
        }
    }

    public TradeTable Build()
    {
        var names = new string[_names.Count];
        foreach (var (name, index) in _names)
        {
            names[index] = name;
        }

        var books = new string[_books.Count];
        foreach (var (book, index) in _books)
        {
            books[index] = book;
        }

        return new TradeTable(
            [.. _ids], [.. _versions], [.. _bookIndex], books, names, [.. _products], [.. _rows],
            _european.Build(), _asian.Build(), _swaps.Build(), _bonds.Build());
    }

    private int Begin(string id, int version, string book)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_books.TryGetValue(book, out var bookIndex))
        {
            bookIndex = _books.Count;
            _books[book] = bookIndex;
        }

        _ids.Add(id);
        _versions.Add(version);
        _bookIndex.Add(bookIndex);
        return _ids.Count - 1;
    }

    private void Append(ProductKind product, int row)
    {
        _products.Add(product);
        _rows.Add(row);
    }

    // A trade that could not be appended leaves no half row behind.
    private void Abort()
    {
        _ids.RemoveAt(_ids.Count - 1);
        _versions.RemoveAt(_versions.Count - 1);
        _bookIndex.RemoveAt(_bookIndex.Count - 1);
    }

    private int Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_names.TryGetValue(name, out var index))
        {
            index = _names.Count;
            _names[name] = index;
        }

        return index;
    }

    private sealed class EuropeanBuilder
    {
        private readonly List<int> _position = [], _underlying = [], _curve = [], _expiry = [];
        private readonly List<double> _quantity = [], _strike = [];
        private readonly List<byte> _put = [];

        public int Add(int position, double quantity, int underlying, int curve, bool put, double strike, int expiryDay)
        {
            _position.Add(position);
            _quantity.Add(quantity);
            _underlying.Add(underlying);
            _curve.Add(curve);
            _put.Add(put ? (byte)1 : (byte)0);
            _strike.Add(strike);
            _expiry.Add(expiryDay);
            return _position.Count - 1;
        }

        public EuropeanColumns Build() => new([.. _position], [.. _quantity], [.. _underlying], [.. _curve], [.. _put], [.. _strike], [.. _expiry]);
    }

    private sealed class AsianBuilder
    {
        private readonly List<int> _position = [], _underlying = [], _curve = [], _expiry = [], _fixingDays = [];
        private readonly List<int> _fixingOffsets = [0];
        private readonly List<double> _quantity = [], _strike = [];
        private readonly List<byte> _put = [], _continuous = [];

        public int Add(int position, double quantity, int underlying, int curve, bool put, double strike, int expiryDay, bool continuous, int[] fixingDays)
        {
            _position.Add(position);
            _quantity.Add(quantity);
            _underlying.Add(underlying);
            _curve.Add(curve);
            _put.Add(put ? (byte)1 : (byte)0);
            _strike.Add(strike);
            _expiry.Add(expiryDay);
            _continuous.Add(continuous ? (byte)1 : (byte)0);
            _fixingDays.AddRange(fixingDays);
            _fixingOffsets.Add(_fixingDays.Count);
            return _position.Count - 1;
        }

        public AsianColumns Build() => new(
            [.. _position], [.. _quantity], [.. _underlying], [.. _curve], [.. _put], [.. _strike], [.. _expiry], [.. _continuous], [.. _fixingOffsets], [.. _fixingDays]);
    }

    private sealed class SwapBuilder
    {
        private readonly List<int> _position = [], _start = [], _maturity = [], _curve = [];
        private readonly List<double> _quantity = [], _notional = [], _fixedRate = [], _fixing = [];
        private readonly List<byte> _receive = [], _fixedMonths = [], _floatMonths = [];

        public int Add(int position, double quantity, double notional, double fixedRate, int startDay, int maturityDay, bool receiveFixed,
            byte fixedMonths, byte floatMonths, int curve, double currentFixing)
        {
            _position.Add(position);
            _quantity.Add(quantity);
            _notional.Add(notional);
            _fixedRate.Add(fixedRate);
            _start.Add(startDay);
            _maturity.Add(maturityDay);
            _receive.Add(receiveFixed ? (byte)1 : (byte)0);
            _fixedMonths.Add(fixedMonths);
            _floatMonths.Add(floatMonths);
            _curve.Add(curve);
            _fixing.Add(currentFixing);
            return _position.Count - 1;
        }

        public SwapColumns Build() => new(
            [.. _position], [.. _quantity], [.. _notional], [.. _fixedRate], [.. _start], [.. _maturity], [.. _receive], [.. _fixedMonths], [.. _floatMonths], [.. _curve], [.. _fixing]);
    }

    private sealed class BondBuilder
    {
        private readonly List<int> _position = [], _issue = [], _maturity = [], _curve = [];
        private readonly List<double> _quantity = [], _face = [], _coupon = [];
        private readonly List<byte> _months = [];

        public int Add(int position, double quantity, double faceValue, double couponRate, byte months, int issueDay, int maturityDay, int curve)
        {
            _position.Add(position);
            _quantity.Add(quantity);
            _face.Add(faceValue);
            _coupon.Add(couponRate);
            _months.Add(months);
            _issue.Add(issueDay);
            _maturity.Add(maturityDay);
            _curve.Add(curve);
            return _position.Count - 1;
        }

        public BondColumns Build() => new([.. _position], [.. _quantity], [.. _face], [.. _coupon], [.. _months], [.. _issue], [.. _maturity], [.. _curve]);
    }
}
