using XiP.Abstractions.Pricing;
using XiP.Abstractions.Runs;
using XiP.Contracts;

namespace XiP.Grains.Live;

/// <summary>Totals of a book's additive measures, added the way runs add PVs so the same trades give the same bits.</summary>
public static class BookTotals
{
    // prices per 100, par rates and accrued interest are not amounts: their sum means nothing
    private static readonly HashSet<string> Additive = new(StringComparer.Ordinal)
    {
        Measures.Pv, Measures.Delta, Measures.Gamma, Measures.Vega, Measures.Theta, Measures.Rho, Measures.DividendRho, Measures.Pv01,
    };

    public static bool IsAdditive(string measure) => Additive.Contains(measure);

    /// <summary>
    /// Σ per additive measure over the trades that have a value: each block of <see cref="SummationBlocks.Size"/> trades
    /// summed in book order from +0, then the block sums in block order from +0.
    /// </summary>
    public static Dictionary<string, double> Of(IReadOnlyList<TradeResult> trades, IReadOnlyList<string> measures)
    {
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var measure in measures)
        {
            if (!IsAdditive(measure))
            {
                continue;
            }

            var total = 0.0;
            for (var first = 0; first < trades.Count; first += SummationBlocks.Size)
            {
                var block = 0.0;
                var end = Math.Min(first + SummationBlocks.Size, trades.Count);
                for (var i = first; i < end; i++)
                {
                    if (trades[i].Values.TryGetValue(measure, out var value))
                    {
                        block += value;
                    }
                }

                total += block;
            }

            totals[measure] = total;
        }

        return totals;
    }
}
