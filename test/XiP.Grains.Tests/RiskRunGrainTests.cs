using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Results;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RiskRunGrainTests(ClusterFixture fixture)
{
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    [Fact]
    public async Task ARunOnTwoSilosCompletesWithOneResultPerTradeAndMeasureAndASummary()
    {
        // a silo's own client: it has the stream provider the runs publish on
        var client = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>();
        var book = "book-" + Guid.NewGuid().ToString("N");
        var trades = Enumerable.Range(0, 300).Select(i => (TradeSpec)new EuropeanOptionSpec
        {
            Id = $"{book}-{i:D4}", Book = book, Underlying = "ACME", OptionType = i % 2 == 0 ? OptionKind.Call : OptionKind.Put,
            Strike = 80 + i * 0.2, Expiry = ValuationDate.AddDays(30 + i), DiscountCurve = "USD",
        }).ToList();
        await client.GetGrain<IBookGrain>(book).UpsertAsync(trades);
        var marketDataId = "md-" + Guid.NewGuid().ToString("N");
        await client.GetGrain<IMarketDataGrain>(marketDataId).PutAsync(new MarketDataSpec
        {
            ValuationDate = ValuationDate,
            Curves = new Dictionary<string, CurveSpec> { ["USD"] = new() { FlatRate = 0.04 } },
            Equities = new Dictionary<string, EquitySpec> { ["ACME"] = new(100, 0.01, 0.25) },
        });
        var setId = "ss-" + Guid.NewGuid().ToString("N");
        await client.GetGrain<IScenarioSetGrain>(setId).PutAsync(new ScenarioSetSpec
        {
            Scenarios = [new ScenarioSpec { Id = "up", Shifts = [new ShiftSpec { Target = "equity:*", Kind = ShiftKind.SpotRelative, Amount = 0.1 }] }],
            Generate = new ScenarioGeneratorSpec { Count = 20, Seed = 7, SpotRelativeStdDev = 0.02, CurveParallelBpStdDev = 10 },
        });
        var runId = "run-" + Guid.NewGuid().ToString("N");
        var terminal = new TaskCompletionSource<RunProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await client.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, runId))
            .SubscribeAsync((e, _) =>
            {
                if (e.IsTerminal)
                {
                    terminal.TrySetResult(e);
                }

                return Task.CompletedTask;
            });

        var submission = await client.GetGrain<IRiskRunGrain>(runId).SubmitAsync(new RunRequest { Book = book, MarketDataId = marketDataId, ScenarioSetId = setId, Measures = ["pv", "delta"] });
        var end = await terminal.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await subscription.UnsubscribeAsync();

        Assert.NotNull(submission.Run);
        Assert.Equal(RunState.Completed, end.Status);
        var status = (await client.GetGrain<IRiskRunGrain>(runId).GetSnapshotAsync())!;
        Assert.Equal(300L * 22 * 2, status.Total);
        Assert.Equal(status.Total, status.Done);
        Assert.Equal(0, status.Failed);
        Assert.True(status.Shape!.Batches > 1, "small batches spread the run over both silos");
        Assert.Equal(22, status.Summary!.PvByScenario.Length);
        Assert.Equal(21, status.Summary.PnlByScenario.Length);
        Assert.True(status.Summary.Var99 >= status.Summary.Var95);
        Assert.True(status.Summary.Es95 >= status.Summary.Var95);
        var page = await client.GetGrain<IResultReaderGrain>(GrainKeys.StatelessWorker).ReadPageAsync(new ResultQuery(runId, "pv", null, null, 1000));
        Assert.Equal(300, page.Count);
        Assert.Equal(22, page.Markets);
        Assert.All(page.Errors, Assert.Null);
        Assert.Equal(Enumerable.Range(0, page.Count).Sum(r => page.ValuesOf(r)[0]), status.Summary.PvByScenario[0], 1e-9);
    }
}
