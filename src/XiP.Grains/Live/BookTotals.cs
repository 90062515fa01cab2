using XiP.Abstractions.Pricing;
using XiP.Abstractions.Runs;
using XiP.Contracts;

namespace XiP.Grains.Live;

/// <summary>
/// Totals of a book's additive measures, added the way runs add PVs so the same trades give the same bits: each
/// block of <see cref="SummationBlocks.Size"/> trades summed in book order from +0, then the block sums in block order
/// from +0. The block sums are kept, so a change re-adds only the blocks it touched and the total is still the bits of a full re-sum.
/// </summary>
public sealed class BookTotals
{
    // prices per 100, par rates and accrued interest are not amounts: their sum means nothing
    private static readonly HashSet<string> Additive = new(StringComparer.Ordinal)
    {
        Measures.Pv, Measures.Delta, Measures.Gamma, Measures.Vega, Measures.Theta, Measures.Rho, Measures.DividendRho, Measures.Pv01,
    };

    private readonly string[] _measures;
    private readonly double[][] _blocks;

    /// <summary>Totals over <paramref name="trades"/> (every position priced) for the additive ones of <paramref name="measures"/>.</summary>
    public BookTotals(IReadOnlyList<TradeResult> trades, IReadOnlyList<string> measures)
    {
        _measures = [.. measures.Where(IsAdditive).Distinct(StringComparer.Ordinal)];
        var blocks = (trades.Count + SummationBlocks.Size - 1) / SummationBlocks.Size;
        _blocks = [.. _measures.Select(_ => new double[blocks])];
        for (var block = 0; block < blocks; block++)
        {
            Add(trades, block);
        }
    }

    public static bool IsAdditive(string measure) => Additive.Contains(measure);

    /// <summary>The trades at <paramref name="positions"/> (ascending) changed: their blocks are added again.</summary>
    public void Changed(IReadOnlyList<TradeResult> trades, IReadOnlyList<int> positions)
    {
        var last = -1;
        foreach (var position in positions)
        {
            var block = position / SummationBlocks.Size;
            if (block != last)
            {
                Add(trades, block);
                last = block;
            }
        }
    }

    /// <summary>The total per additive measure: the block sums added in block order.</summary>
    public Dictionary<string, double> Current()
    {
        var totals = new Dictionary<string, double>(_measures.Length, StringComparer.Ordinal);
        for (var m = 0; m < _measures.Length; m++)
        {
            var total = 0.0;
            foreach (var block in _blocks[m])
            {
                total += block;
            }

            totals[_measures[m]] = total;
        }

        return totals;
    }

    private void Add(IReadOnlyList<TradeResult> trades, int block)
    {
        var first = block * SummationBlocks.Size;
        var end = Math.Min(first + SummationBlocks.Size, trades.Count);
        for (var m = 0; m < _measures.Length; m++)
        {
            var sum = 0.0;
            for (var i = first; i < end; i++)
            {
                if (trades[i].Values.TryGetValue(_measures[m], out var value))
                {
                    sum += value;
                }
            }

            _blocks[m][block] = sum;
        }
    }
}
