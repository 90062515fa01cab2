namespace XiP.Contracts.Lists;

/// <summary>A page of a listing (<c>GET /v1/books</c>, <c>/v1/market-data</c>, <c>/v1/scenario-sets</c>); <c>nextCursor</c> is null on the last page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A book and how many trades it holds.</summary>
public sealed record BookListEntry(string Book, int Trades);

/// <summary>A stored snapshot.</summary>
public sealed record MarketDataListEntry(string SnapshotId, DateOnly ValuationDate, DateTimeOffset StoredAt);

/// <summary>A stored scenario set and how many scenarios it holds (generated ones included).</summary>
public sealed record ScenarioSetListEntry(string Id, int Scenarios, DateTimeOffset StoredAt);
