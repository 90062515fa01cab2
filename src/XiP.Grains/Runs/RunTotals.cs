using XiP.Numerics;

namespace XiP.Grains.Runs;

/// <summary>
/// A run's PV per market, added up block by block in the run's block order whatever order the batches finish in:
/// a batch's block sums wait until every batch before it is folded in, so the totals are the same bits as adding
/// all block sums in order at the end (<see cref="Aggregation.SumRows"/>), while only the batches that finished
/// early are kept.
/// </summary>
public sealed class RunTotals
{
    private readonly int _markets;

    public RunTotals(int markets, double[]? totals = null, int folded = 0, Dictionary<int, double[]>? pending = null)
    {
        _markets = markets;
        Totals = totals is { Length: > 0 } ? totals : new double[markets];
        if (Totals.Length != markets)
        {
            throw new ArgumentException($"Totals for {Totals.Length} markets cannot continue a run of {markets}.", nameof(totals));
        }

        Folded = folded;
        Pending = pending ?? [];
    }

    /// <summary>PV per market of the batches folded so far.</summary>
    public double[] Totals { get; }

    /// <summary>Batches 0 … Folded − 1 are in <see cref="Totals"/>.</summary>
    public int Folded { get; private set; }

    /// <summary>Block sums of finished batches waiting for an earlier one.</summary>
    public Dictionary<int, double[]> Pending { get; }

    /// <summary>Adds a finished batch's block sums (row-major block × market); a batch seen before is ignored.</summary>
    public void Add(int batch, double[] blockSums)
    {
        ArgumentNullException.ThrowIfNull(blockSums);
        if (blockSums.Length % _markets != 0)
        {
            throw new ArgumentException($"Block sums of {blockSums.Length} values are not whole rows of {_markets} markets.", nameof(blockSums));
        }

        if (batch < Folded || !Pending.TryAdd(batch, blockSums))
        {
            return;
        }

        while (Pending.Remove(Folded, out var sums))
        {
            for (var row = 0; row < sums.Length; row += _markets)
            {
                Aggregation.AccumulateRow(sums.AsSpan(row, _markets), Totals);
            }

            Folded++;
        }
    }
}
