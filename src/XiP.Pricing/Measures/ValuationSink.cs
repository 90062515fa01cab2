namespace XiP.Pricing.Measures;

/// <summary>Collects values and per-measure failures for a batch of trades, addressed by position.</summary>
public sealed class ValuationSink
{
    private readonly Dictionary<Measure, double>[] _values;
    private readonly Dictionary<Measure, string>[] _errors;

    public ValuationSink(int tradeCount)
    {
        _values = new Dictionary<Measure, double>[tradeCount];
        _errors = new Dictionary<Measure, string>[tradeCount];
        for (var i = 0; i < tradeCount; i++)
        {
            _values[i] = [];
            _errors[i] = [];
        }
    }

    public void Set(int trade, Measure measure, double value)
    {
        if (double.IsFinite(value))
        {
            _values[trade][measure] = value;
        }
        else
        {
            _errors[trade][measure] = "the computation did not give a finite number for these inputs.";
        }
    }

    public void Fail(int trade, Measure measure, string reason) => _errors[trade][measure] = reason;

    public void Fail(int trade, IEnumerable<Measure> measures, string reason)
    {
        foreach (var measure in measures)
        {
            Fail(trade, measure, reason);
        }
    }

    public TradeValuation Result(int trade, string tradeId) => new(tradeId, _values[trade], _errors[trade]);
}
