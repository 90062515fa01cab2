namespace XiP.Pricing.Measures;

/// <summary>
/// Values and per-measure failures for a batch of trades, addressed by position: flat arrays of
/// trades × measures, so a scenario run reads a market's results without a dictionary per trade.
/// </summary>
public sealed class ValuationSink
{
    private static readonly int MeasureCount = Enum.GetValues<Measure>().Length;
    private readonly double[] _values;
    private readonly string?[] _errors;
    private readonly bool[] _has;

    public ValuationSink(int tradeCount)
    {
        TradeCount = tradeCount;
        _values = new double[tradeCount * MeasureCount];
        _errors = new string?[tradeCount * MeasureCount];
        _has = new bool[tradeCount * MeasureCount];
    }

    public int TradeCount { get; }

    /// <summary>Forgets every value and failure, to price the same trades on another market without new arrays.</summary>
    public void Clear()
    {
        Array.Clear(_has);
        Array.Clear(_errors);
    }

    public void Set(int trade, Measure measure, double value)
    {
        var at = (trade * MeasureCount) + (int)measure;
        if (double.IsFinite(value))
        {
            _values[at] = value;
            _has[at] = true;
            _errors[at] = null;
        }
        else
        {
            _has[at] = false;
            _errors[at] = "the computation did not give a finite number for these inputs.";
        }
    }

    public void Fail(int trade, Measure measure, string reason)
    {
        var at = (trade * MeasureCount) + (int)measure;
        _has[at] = false;
        _errors[at] = reason;
    }

    public void Fail(int trade, IEnumerable<Measure> measures, string reason)
    {
        foreach (var measure in measures)
        {
            Fail(trade, measure, reason);
        }
    }

    /// <summary>The trade's value of <paramref name="measure"/>, or false with the reason it has none.</summary>
    public bool TryGet(int trade, Measure measure, out double value, out string? error)
    {
        var at = (trade * MeasureCount) + (int)measure;
        value = _values[at];
        error = _has[at] ? null : _errors[at] ?? "no value was produced.";
        return _has[at];
    }

    /// <summary>The trade's results for <paramref name="measures"/> as dictionaries (the synchronous pricing API's shape).</summary>
    public TradeValuation Result(int trade, string tradeId, IReadOnlyList<Measure> measures)
    {
        var values = new Dictionary<Measure, double>();
        var errors = new Dictionary<Measure, string>();
        foreach (var measure in measures)
        {
            if (TryGet(trade, measure, out var value, out var error))
            {
                values[measure] = value;
            }
            else
            {
                errors[measure] = error!;
            }
        }

        return new TradeValuation(tradeId, values, errors);
    }
}
