namespace XiP.Abstractions.Results;

/// <summary>
/// Where run results live: SQLite in embedded mode, MongoDB or PostgreSQL in a cluster. Writes are
/// idempotent upserts on (run, trade, measure); reads page in (trade, measure) order with an opaque cursor.
/// </summary>
public interface IResultStore
{
    /// <summary>Creates tables, collections and indexes if they are missing; safe to call repeatedly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes every record, replacing any stored under the same key, atomically per call where the store allows.</summary>
    Task UpsertAsync(IReadOnlyList<ResultRecord> records, CancellationToken cancellationToken = default);

    /// <summary>A page of a run's results in (trade id, measure) order.</summary>
    Task<ResultPage> ReadAsync(ResultQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many records a run has (for checks and tests).</summary>
    Task<long> CountAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Removes a run's results.</summary>
    Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default);
}
