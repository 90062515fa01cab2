namespace XiP.Contracts.Trades;

/// <summary>What storing one trade did (<c>PUT /v1/trades/{tradeId}</c>).</summary>
/// <param name="Changed">True when a new version was written (always for a new trade).</param>
public sealed record TradeStoredView(string TradeId, int Version, string Book, bool Changed);

/// <summary>What a bulk store did (<c>POST /v1/trades</c>): <c>created</c> new trades, <c>changed</c> trades given a new version, out of <c>stored</c>.</summary>
public sealed record TradeBatchView(int Stored, int Created, int Changed);

/// <summary>A stored trade at one version (<c>GET /v1/trades/{tradeId}</c>).</summary>
public sealed record TradeView(string TradeId, int Version, string Book, DateTimeOffset StoredAt, Trade Trade);

/// <summary>A page of the trades of a book at their current versions (<c>GET /v1/books/{book}/trades</c>); <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record BookTradesView(string Book, IReadOnlyList<BookTradeEntry> Items, string? NextCursor);

/// <summary>One trade of a book.</summary>
public sealed record BookTradeEntry(string TradeId, int Version);
