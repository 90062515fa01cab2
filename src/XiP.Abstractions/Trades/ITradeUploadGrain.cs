namespace XiP.Abstractions.Trades;

/// <summary>
/// One bulk upload in progress (keyed by a fresh id per upload): chunks of trades are stored in one transaction of
/// the trade store as they arrive, visible to nobody until <see cref="CommitAsync"/>; an upload that is aborted,
/// or abandoned, leaves nothing behind.
/// </summary>
[Alias("xip.ITradeUploadGrain")]
public interface ITradeUploadGrain : IGrainWithStringKey
{
    /// <summary>
    /// Stores a chunk: trade i is the upload's trade <paramref name="firstPosition"/> + i (from NDJSON line
    /// <paramref name="lines"/>[i] when given). Returns the trades that repeat an id given earlier in the upload;
    /// when there are any, nothing of the chunk was stored and the upload must be aborted.
    /// </summary>
    [Alias("Add")]
    Task<List<UploadRepeatEntry>> AddAsync(List<TradeSpec> trades, int firstPosition, List<int>? lines);

    /// <summary>Makes the whole upload visible at once and tells the books it changed.</summary>
    [Alias("Commit")]
    Task<BookUpsertResult> CommitAsync();

    /// <summary>Drops everything the upload stored.</summary>
    [Alias("Abort")]
    Task AbortAsync();
}

/// <summary>A trade of an upload that repeats an earlier id: its position, the earlier trade's position and NDJSON line.</summary>
[GenerateSerializer, Immutable, Alias("xip.upload-repeat")]
public sealed record UploadRepeatEntry([property: Id(0)] int Position, [property: Id(1)] int FirstPosition, [property: Id(2)] int? FirstLine);
