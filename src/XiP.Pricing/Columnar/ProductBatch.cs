using XiP.Pricing.Measures;

namespace XiP.Pricing.Columnar;

/// <summary>One product's rows of a batch, resolved once (names, times, schedules) and then priced market by market.</summary>
internal abstract class ProductBatch
{
    private protected ProductBatch(BatchOutput output, ProductColumns columns, int firstRow, int rows, int firstTrade, IReadOnlySet<Measure> supported, string productName)
    {
        Output = output;
        // The priced measures this product has, by their index in the output; the others fail once, at the base.
        var measures = new List<(Measure, int)>();
        for (var k = 0; k < output.Priced.Length; k++)
        {
            if (supported.Contains(output.Priced[k]))
            {
                measures.Add((output.Priced[k], k));
            }
            else
            {
                var reason = $"{MeasureNames.Of(output.Priced[k])} does not apply to a trade of type {productName}.";
                for (var r = firstRow; r < firstRow + rows; r++)
                {
                    output.Fail(columns.Position[r] - firstTrade, k, 0, reason);
                }
            }
        }

        Measures = [.. measures];
    }

    protected BatchOutput Output { get; }

    /// <summary>The supported priced measures with their output index.</summary>
    protected (Measure Measure, int Index)[] Measures { get; }

    protected bool Wants(Measure measure) => Array.Exists(Measures, m => m.Measure == measure);

    /// <summary>Fails every supported measure of a trade (the unsupported ones already carry their own reason).</summary>
    protected void FailAll(int trade, string reason)
    {
        foreach (var (_, k) in Measures)
        {
            Output.Fail(trade, k, 0, reason);
        }
    }

    public abstract void Price(MarketSet markets, int market);
}
