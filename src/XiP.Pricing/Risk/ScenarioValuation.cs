using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;

namespace XiP.Pricing.Risk;

/// <summary>One trade's measure across the base market and every scenario, or why it has no values.</summary>
/// <param name="Values">Index 0 is the base market, index k the k-th scenario; null when <paramref name="Error"/> says why.</param>
public sealed record ScenarioVector(int Trade, Measure Measure, double[]? Values, string? Error);

/// <summary>The values of a slice of trades under every market of a run.</summary>
/// <param name="PvBlockSums">Σ PV per block of <c>blockSize</c> trades (trade order within a block) and market, row-major block × market;
/// trades whose PV failed in any market add nothing.</param>
public sealed record ScenarioValuationResult(IReadOnlyList<ScenarioVector> Vectors, double[] PvBlockSums, int Blocks, int FailedTrades);

/// <summary>
/// Prices trades under a base market and its scenarios — the measure layer's scenario loop, outside the
/// pricers, as Strata keeps it. Each market prices the whole slice in one batch per product.
/// </summary>
public static class ScenarioValuation
{
    /// <summary>Values <paramref name="trades"/> for <paramref name="measures"/> in every market (base first).</summary>
    /// <param name="blockSize">PV sums are formed per block of this many trades, so a run's totals are the same
    /// bits however its trades are split into slices (slices must start on a block boundary).</param>
    public static ScenarioValuationResult Run(IReadOnlyList<MarketSnapshot> markets, IReadOnlyList<Trade> trades, IReadOnlyList<Measure> measures, int blockSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(markets.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        List<Measure> priced = measures.Contains(Measure.Pv) ? [.. measures] : [.. measures, Measure.Pv];
        var m = markets.Count;
        // values[trade][measure][market], errors per (trade, measure): the first market that failed says why
        var values = new double[trades.Count, priced.Count, m];
        var errors = new string?[trades.Count, priced.Count];
        var batch = PricingEngine.Prepare(trades, priced);
        var sink = new ValuationSink(trades.Count);
        for (var s = 0; s < m; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sink.Clear();
            batch.PriceInto(markets[s], sink);
            for (var t = 0; t < trades.Count; t++)
            {
                for (var k = 0; k < priced.Count; k++)
                {
                    if (sink.TryGet(t, priced[k], out var v, out var reason))
                    {
                        values[t, k, s] = v;
                    }
                    else if (errors[t, k] is null)
                    {
                        errors[t, k] = s == 0 ? reason : $"scenario {s}: {reason}";
                    }
                }
            }
        }

        var vectors = new List<ScenarioVector>(trades.Count * measures.Count);
        var failedTrades = 0;
        for (var t = 0; t < trades.Count; t++)
        {
            var failed = false;
            for (var k = 0; k < measures.Count; k++)
            {
                if (errors[t, k] is { } error)
                {
                    failed = true;
                    vectors.Add(new ScenarioVector(t, measures[k], null, error));
                    continue;
                }

                var vector = new double[m];
                for (var s = 0; s < m; s++)
                {
                    vector[s] = values[t, k, s];
                }

                vectors.Add(new ScenarioVector(t, measures[k], vector, null));
            }

            if (failed)
            {
                failedTrades++;
            }
        }

        var pvIndex = priced.IndexOf(Measure.Pv);
        var blocks = (trades.Count + blockSize - 1) / blockSize;
        var blockSums = new double[blocks * m];
        var row = new double[m];
        for (var t = 0; t < trades.Count; t++)
        {
            if (errors[t, pvIndex] is not null)
            {
                continue;
            }

            for (var s = 0; s < m; s++)
            {
                row[s] = values[t, pvIndex, s];
            }

            Aggregation.AccumulateRow(row, blockSums.AsSpan(t / blockSize * m, m));
        }

        return new ScenarioValuationResult(vectors, blockSums, blocks, failedTrades);
    }
}
