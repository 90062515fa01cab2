namespace XiP.Contracts.Demo;

/// <summary>What <c>POST /v1/demo</c> loaded: the demo books, snapshot and scenario sets, all stored once it answers.</summary>
/// <param name="Books">The demo books, by name.</param>
/// <param name="Trades">How many trades the books hold in all.</param>
/// <param name="SnapshotId">The market-data snapshot the trades price on.</param>
/// <param name="ValuationDate">The snapshot's valuation date.</param>
/// <param name="ScenarioSets">The demo scenario sets.</param>
/// <param name="Created">True when this call stored anything; false when the data set was already loaded as it is.</param>
public sealed record DemoLoaded(
    IReadOnlyList<string> Books, int Trades, string SnapshotId, DateOnly ValuationDate, IReadOnlyList<string> ScenarioSets, bool Created);
