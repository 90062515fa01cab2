namespace XiP.Pricing.Columnar;

/// <summary>
/// The equity options of a batch whose market data resolved, as kernel inputs: the fixed terms once, and per
/// market the underlying's spot, dividend yield and volatility and the discount curve's zero rate to expiry,
/// gathered from per-name values and per-day tables (no lookup by name per trade).
/// </summary>
internal sealed class OptionRows
{
    private readonly string[] _underlyings;
    private readonly string[] _curves;
    private readonly int[] _maxDay;
    private readonly int[] _underlyingSlot;
    private readonly int[] _curveSlot;
    private readonly double[] _slotSpot;
    private readonly double[] _slotDividend;
    private readonly double[] _slotVolatility;
    private readonly double[]?[] _tables;

    private OptionRows(int n, string[] underlyings, string[] curves, int[] maxDay, int[] underlyingSlot, int[] curveSlot, int[] row, int[] trade, int[] day,
        double[] quantity, double[] sign, double[] strike, double[] time)
    {
        Count = n;
        _underlyings = underlyings;
        _curves = curves;
        _maxDay = maxDay;
        _underlyingSlot = underlyingSlot;
        _curveSlot = curveSlot;
        Row = row;
        Trade = trade;
        Day = day;
        Quantity = quantity;
        Sign = sign;
        Strike = strike;
        Time = time;
        Spot = new double[n];
        Dividend = new double[n];
        Volatility = new double[n];
        Rate = new double[n];
        _slotSpot = new double[underlyings.Length];
        _slotDividend = new double[underlyings.Length];
        _slotVolatility = new double[underlyings.Length];
        _tables = new double[]?[curves.Length];
    }

    public int Count { get; }

    /// <summary>Each option's row in its product's columns.</summary>
    public int[] Row { get; }

    /// <summary>Each option's trade index in the batch.</summary>
    public int[] Trade { get; }

    /// <summary>Whole days from the valuation date to expiry.</summary>
    public int[] Day { get; }

    public double[] Quantity { get; }

    public double[] Sign { get; }

    public double[] Strike { get; }

    public double[] Time { get; }

    public double[] Spot { get; }

    public double[] Dividend { get; }

    public double[] Volatility { get; }

    public double[] Rate { get; }

    /// <summary>
    /// The rows whose underlying and curve are in the base market and which have not expired; the others
    /// fail, with the reasons and in the order of the per-trade pricers' checks.
    /// </summary>
    public static OptionRows Resolve(
        ProductBatch batch, TradeTable table, int[] position, double[] quantity, int[] underlying, int[] curve, byte[] put, double[] strike, int[] expiryDay,
        int firstRow, int rows, int firstTrade, MarketSet markets)
    {
        var fail = batch switch
        {
            EuropeanBatch e => (Action<int, string>)e.FailTrade,
            AsianBatch a => a.FailTrade,
            _ => throw new ArgumentException("Not an option batch.", nameof(batch)),
        };
        var baseMarket = markets[0];
        var valuationDay = markets.ValuationDate.DayNumber;
        var underlyingSlots = new Dictionary<int, int>();
        var curveSlots = new Dictionary<int, int>();
        var underlyings = new List<string>();
        var curves = new List<string>();
        var maxDay = new List<int>();
        var uSlot = new List<int>(rows);
        var cSlot = new List<int>(rows);
        var rowList = new List<int>(rows);
        var trades = new List<int>(rows);
        var days = new List<int>(rows);
        var q = new List<double>(rows);
        var signs = new List<double>(rows);
        var strikes = new List<double>(rows);
        var times = new List<double>(rows);
        for (var r = firstRow; r < firstRow + rows; r++)
        {
            var trade = position[r] - firstTrade;
            var underlyingName = table.Names[underlying[r]];
            if (!baseMarket.Equities.ContainsKey(underlyingName))
            {
                fail(trade, $"the market data has no equity '{underlyingName}'.");
                continue;
            }

            var curveName = table.Names[curve[r]];
            if (!baseMarket.Curves.ContainsKey(curveName))
            {
                fail(trade, $"the market data has no curve '{curveName}'.");
                continue;
            }

            var day = expiryDay[r] - valuationDay;
            var t = day / 365.0;
            if (t < 0.0)
            {
                fail(trade, "the option expired before the valuation date.");
                continue;
            }

            if (!underlyingSlots.TryGetValue(underlying[r], out var us))
            {
                us = underlyings.Count;
                underlyingSlots[underlying[r]] = us;
                underlyings.Add(underlyingName);
            }

            if (!curveSlots.TryGetValue(curve[r], out var cs))
            {
                cs = curves.Count;
                curveSlots[curve[r]] = cs;
                curves.Add(curveName);
                maxDay.Add(0);
            }

            maxDay[cs] = Math.Max(maxDay[cs], day);
            uSlot.Add(us);
            cSlot.Add(cs);
            rowList.Add(r);
            trades.Add(trade);
            days.Add(day);
            q.Add(quantity[r]);
            signs.Add(put[r] == 1 ? -1.0 : 1.0);
            strikes.Add(strike[r]);
            times.Add(t);
        }

        return new OptionRows(trades.Count, [.. underlyings], [.. curves], [.. maxDay], [.. uSlot], [.. cSlot], [.. rowList], [.. trades], [.. days], [.. q], [.. signs], [.. strikes], [.. times]);
    }

    /// <summary>
    /// Writes measure <paramref name="k"/> of every option in <paramref name="market"/>: quantity × the kernel's
    /// <paramref name="values"/>, or quantity × (<paramref name="values"/> − <paramref name="minus"/>) for a bump's difference.
    /// </summary>
    public void Write(BatchOutput output, int k, int market, double[] values, double[]? minus = null)
    {
        for (var i = 0; i < Count; i++)
        {
            output.Set(Trade[i], k, market, Quantity[i] * (minus is null ? values[i] : values[i] - minus[i]));
        }
    }

    /// <summary>Spot, dividend yield, volatility and rate of every option in <paramref name="market"/>.</summary>
    public void Gather(MarketSet markets, int market, bool bumped)
    {
        var equities = markets[market].Equities;
        for (var u = 0; u < _underlyings.Length; u++)
        {
            var equity = equities[_underlyings[u]];
            _slotSpot[u] = equity.Spot;
            _slotDividend[u] = equity.DividendYield;
            _slotVolatility[u] = equity.Volatility;
        }

        var slots = _underlyingSlot;
        for (var i = 0; i < Count; i++)
        {
            var u = slots[i];
            Spot[i] = _slotSpot[u];
            Dividend[i] = _slotDividend[u];
            Volatility[i] = _slotVolatility[u];
        }

        GatherRates(markets, market, bumped);
    }

    /// <summary>The zero rate to expiry of every option, on its curve as it is or bumped by the PV01 basis point.</summary>
    public void GatherRates(MarketSet markets, int market, bool bumped)
    {
        var tables = _tables;
        for (var c = 0; c < _curves.Length; c++)
        {
            var days = _maxDay[c] + 1;
            tables[c] = days <= MarketSet.MaxTableDays ? markets.ZeroRatesByDay(market, _curves[c], bumped, days) : null;
        }

        var slots = _curveSlot;
        for (var i = 0; i < Count; i++)
        {
            // beyond the tables (centuries away) the curve answers directly, as the per-trade pricer asks it
            Rate[i] = tables[slots[i]] is { } table ? table[Day[i]] : markets.Curve(market, _curves[slots[i]], bumped).ZeroRate(Time[i]);
        }
    }
}
