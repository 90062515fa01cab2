using XiP.Pricing.Measures;

namespace XiP.Pricing.Columnar;

/// <summary>
/// Values a range of a trade table under every market of a run: each product's rows are resolved once, then
/// priced market by market in one kernel call per product (per curve for swaps and bonds). Gives the same
/// bits and the same failures as <see cref="Risk.ScenarioValuation"/> over the per-trade pricers.
/// </summary>
public static class ColumnarValuation
{
    /// <summary>Values trades <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 of <paramref name="table"/>.</summary>
    /// <param name="blockSize">PV sums are formed per block of this many trades from <paramref name="first"/>, which must
    /// therefore lie on a block boundary of the run for its totals to be the same bits however it is split.</param>
    public static BatchValues Run(MarketSet markets, TradeTable table, int first, int count, IReadOnlyList<Measure> measures, int blockSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(markets);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(measures);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, table.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);

        var output = new BatchOutput(count, markets.Count, measures);
        var batches = new List<ProductBatch>(4);
        AddIfAny(batches, EuropeanBatch.Prepare(output, table, first, count, markets));
        AddIfAny(batches, AsianBatch.Prepare(output, table, first, count, markets));
        AddIfAny(batches, SwapBatch.Prepare(output, table, first, count, markets));
        AddIfAny(batches, BondBatch.Prepare(output, table, first, count, markets));
        for (var market = 0; market < markets.Count; market++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var batch in batches)
            {
                batch.Price(markets, market);
            }
        }

        return output.Complete(blockSize);
    }

    private static void AddIfAny(List<ProductBatch> batches, ProductBatch? batch)
    {
        if (batch is not null)
        {
            batches.Add(batch);
        }
    }
}
