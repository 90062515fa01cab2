using System.Buffers;
using XiP.Numerics;
using XiP.Pricing.Measures;

namespace XiP.Pricing.Columnar;

/// <summary>
/// What a columnar batch produced: per requested measure, every trade's values in every market (trade-major:
/// trade t's vector is <c>Values(k)[t·Markets … t·Markets + Markets − 1]</c>, base first) or the trade's error,
/// and the PV sums per summation block. The value arrays are rented: dispose the batch when done with them.
/// </summary>
public sealed class BatchValues : IDisposable
{
    private readonly double[][] _values;
    private readonly string?[][] _errors;

    internal BatchValues(int trades, int markets, Measure[] measures, double[][] values, string?[][] errors, double[] pvBlockSums, int failedTrades)
    {
        Trades = trades;
        Markets = markets;
        Measures = measures;
        _values = values;
        _errors = errors;
        PvBlockSums = pvBlockSums;
        FailedTrades = failedTrades;
    }

    public int Trades { get; }

    public int Markets { get; }

    /// <summary>The requested measures, each once, in the order first asked for.</summary>
    public IReadOnlyList<Measure> Measures { get; }

    /// <summary>Σ PV per summation block and market, row-major block × market; trades whose PV failed add nothing.</summary>
    public double[] PvBlockSums { get; }

    /// <summary>Trades with at least one requested measure failed.</summary>
    public int FailedTrades { get; }

    /// <summary>Trades × markets values of measure <paramref name="k"/>; a failed trade's row is meaningless.</summary>
    public ReadOnlySpan<double> Values(int k) => _values[k].AsSpan(0, Trades * Markets);

    /// <summary>Per trade, why measure <paramref name="k"/> has no values, or null.</summary>
    public ReadOnlySpan<string?> Errors(int k) => _errors[k];

    /// <summary>Valuations that failed (trade × market of every failed (trade, measure)).</summary>
    public long FailedValuations
    {
        get
        {
            long failed = 0;
            foreach (var errors in _errors)
            {
                foreach (var error in errors)
                {
                    failed += error is null ? 0 : Markets;
                }
            }

            return failed;
        }
    }

    public void Dispose()
    {
        for (var k = 0; k < _values.Length; k++)
        {
            if (_values[k].Length > 0)
            {
                ArrayPool<double>.Shared.Return(_values[k]);
                _values[k] = [];
            }
        }
    }
}

/// <summary>
/// The batch being filled: values by priced measure (the requested ones, then PV when it was not requested),
/// the first error of each (trade, measure), as <see cref="Risk.ScenarioValuation"/> words it.
/// </summary>
internal sealed class BatchOutput
{
    public const string NotFinite = "the computation did not give a finite number for these inputs.";

    private readonly double[][] _values;
    private readonly string?[][] _errors;
    private readonly int _markets;

    public BatchOutput(int trades, int markets, IReadOnlyList<Measure> requested)
    {
        Trades = trades;
        _markets = markets;
        var priced = requested.Distinct().ToList();
        RequestedCount = priced.Count;
        if (!priced.Contains(Measure.Pv))
        {
            priced.Add(Measure.Pv);
        }

        Priced = [.. priced];
        PvIndex = Array.IndexOf(Priced, Measure.Pv);
        _values = new double[Priced.Length][];
        _errors = new string?[Priced.Length][];
        for (var k = 0; k < Priced.Length; k++)
        {
            _values[k] = ArrayPool<double>.Shared.Rent(Math.Max(1, trades * markets));
            _errors[k] = new string?[trades];
        }
    }

    public int Trades { get; }

    public Measure[] Priced { get; }

    public int RequestedCount { get; }

    public int PvIndex { get; }

    public int IndexOf(Measure measure) => Array.IndexOf(Priced, measure);

    public bool HasError(int trade, int k) => _errors[k][trade] is not null;

    /// <summary>Records a value; a number that is not finite is the trade's error for that measure instead.</summary>
    public void Set(int trade, int k, int market, double value)
    {
        if (double.IsFinite(value))
        {
            _values[k][trade * _markets + market] = value;
        }
        else
        {
            Fail(trade, k, market, NotFinite);
        }
    }

    /// <summary>Keeps the first failure of (trade, measure): the base says why, a scenario says which.</summary>
    public void Fail(int trade, int k, int market, string reason)
    {
        ref var error = ref _errors[k][trade];
        error ??= market == 0 ? reason : $"scenario {market}: {reason}";
    }

    public BatchValues Complete(int blockSize)
    {
        var blocks = (Trades + blockSize - 1) / blockSize;
        var blockSums = new double[blocks * _markets];
        var pv = _values[PvIndex];
        var pvErrors = _errors[PvIndex];
        for (var t = 0; t < Trades; t++)
        {
            if (pvErrors[t] is null)
            {
                Aggregation.AccumulateRow(pv.AsSpan(t * _markets, _markets), blockSums.AsSpan(t / blockSize * _markets, _markets));
            }
        }

        var failedTrades = 0;
        for (var t = 0; t < Trades; t++)
        {
            for (var k = 0; k < RequestedCount; k++)
            {
                if (_errors[k][t] is not null)
                {
                    failedTrades++;
                    break;
                }
            }
        }

        if (RequestedCount < Priced.Length)
        {
            // PV was priced for the block sums only.
            ArrayPool<double>.Shared.Return(_values[PvIndex]);
        }

        return new BatchValues(Trades, _markets, Priced[..RequestedCount], _values[..RequestedCount], _errors[..RequestedCount], blockSums, failedTrades);
    }
}
