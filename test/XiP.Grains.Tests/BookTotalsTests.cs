using XiP.Abstractions.Pricing;
using XiP.Abstractions.Runs;
using XiP.Grains.Live;

namespace XiP.Grains.Tests;

/// <summary>Totals kept up by re-adding only the blocks a change touched are the bits a full re-sum gives.</summary>
public sealed class BookTotalsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(SummationBlocks.Size)]
    [InlineData(SummationBlocks.Size * 7 + 13)]
    [InlineData(10_000)]
    public void AfterAnySequenceOfChangesTheTotalsAreTheBitsOfAFullReSum(int trades)
    {
        var random = new Random(trades);
        var measures = new List<string> { "pv", "delta", "parRate" };
        var results = Enumerable.Range(0, trades).Select(i => Result(random, i)).ToArray();
        var totals = new BookTotals(results, measures);

        for (var step = 0; step < 200; step++)
        {
            var positions = Enumerable.Range(0, random.Next(1, Math.Min(trades, 600) + 1))
                .Select(_ => random.Next(trades)).Distinct().Order().ToList();
            foreach (var position in positions)
            {
                results[position] = Result(random, position);
            }

            totals.Changed(results, positions);
            var full = new BookTotals(results, measures).Current();

            Assert.Equal(["pv", "delta"], totals.Current().Keys);
            Assert.Equal(full.Select(t => BitConverter.DoubleToInt64Bits(t.Value)), totals.Current().Select(t => BitConverter.DoubleToInt64Bits(t.Value)));
        }
    }

    [Fact]
    public void TheTotalAddsBlocksOfTradesInBookOrderThenTheBlockSumsInOrder()
    {
        var values = Enumerable.Range(0, SummationBlocks.Size * 2 + 3).Select(i => 1e16 / (i + 1) * (i % 3 == 0 ? -1 : 1)).ToArray();
        var results = values.Select((v, i) => new TradeResult($"t{i}", new() { ["pv"] = v }, [])).ToList();
        results.Insert(5, new TradeResult("failed", [], new() { ["pv"] = "no value" }));

        var expected = 0.0;
        var priced = results.Select(r => r.Values.GetValueOrDefault("pv")).ToArray();
        for (var first = 0; first < priced.Length; first += SummationBlocks.Size)
        {
            var block = 0.0;
            for (var i = first; i < Math.Min(first + SummationBlocks.Size, priced.Length); i++)
            {
                block += priced[i];
            }

            expected += block;
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(new BookTotals(results, ["pv"]).Current()["pv"]));
    }

    // some trades fail a measure: they have no value and add nothing
    private static TradeResult Result(Random random, int i) => random.Next(20) == 0
        ? new TradeResult($"t{i}", new() { ["parRate"] = random.NextDouble() }, new() { ["pv"] = "failed", ["delta"] = "failed" })
        : new TradeResult($"t{i}", new() { ["pv"] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 9)), ["delta"] = random.NextDouble(), ["parRate"] = random.NextDouble() }, []);
}
