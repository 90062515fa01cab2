using XiP.Contracts.Markets;
using XiP.Contracts.Scenarios;
using XiP.Contracts.Trades;

namespace XiP.Gateway.Demo;

/// <summary>
/// The demo data set of <c>POST /v1/demo</c>, in the REST contract's shapes, so that it is exactly what a client could
/// upload: the books of <see cref="DemoTrades"/>, the snapshot of <see cref="DemoMarket"/> and the sets of
/// <see cref="DemoScenarios"/>. Built from fixed seeds and a fixed valuation date, never the clock: every gateway, every
/// time, builds the same data, so loading it again finds it stored already.
/// </summary>
internal sealed record DemoDataSet(MarketData MarketData, IReadOnlyList<Trade> Trades, IReadOnlyList<(string Id, ScenarioSet Set)> ScenarioSets)
{
    public const string SnapshotId = "demo";

    /// <summary>The first business day of 2026.</summary>
    public static readonly DateOnly ValuationDate = new(2026, 1, 2);

    public static IReadOnlyList<string> Books { get; } = [.. DemoTrades.Books.Select(b => b.Name)];

    public static int TradeCount { get; } = DemoTrades.Books.Sum(b => b.Count);

    public static IReadOnlyList<string> ScenarioSetIds { get; } = [DemoScenarios.StressesId, DemoScenarios.HistoricalId];

    public static DemoDataSet Build() => new(
        DemoMarket.Build(ValuationDate),
        DemoTrades.Build(ValuationDate),
        [(DemoScenarios.StressesId, DemoScenarios.Stresses(ValuationDate)), (DemoScenarios.HistoricalId, DemoScenarios.Historical(ValuationDate))]);
}
