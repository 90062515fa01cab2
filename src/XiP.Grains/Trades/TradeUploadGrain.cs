using XiP.Abstractions.Trades;
using XiP.Trades;
using XiP.Grains.Placement;

namespace XiP.Grains.Trades;

/// <summary>
/// One bulk upload: holds the trade store's upload (one transaction) from the first chunk to the commit. An upload
/// left without a commit — the client went away, the gateway died — is rolled back when the activation goes,
/// at the latest when it has been idle for its collection age.
/// </summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-trade-upload")]
[CollectionAgeLimit(Minutes = 2)]
public sealed class TradeUploadGrain(ITradeStore store, TimeProvider clock) : Grain, ITradeUploadGrain
{
    private ITradeUpload? _upload;
    private bool _finished;

    async Task<List<UploadRepeatEntry>> ITradeUploadGrain.AddAsync(List<TradeSpec> trades, int firstPosition, List<int>? lines)
    {
        ArgumentNullException.ThrowIfNull(trades);
        if (_finished)
        {
            throw new InvalidOperationException("The upload is already committed or aborted.");
        }

        _upload ??= await store.BeginUploadAsync();
        var positions = Enumerable.Range(firstPosition, trades.Count).ToList();
        var repeats = await _upload.AddAsync(TradeWrites.ToTable(trades), positions, lines?.Select(l => (int?)l).ToList(), clock.GetUtcNow());
        return [.. repeats.Select(r => new UploadRepeatEntry(r.Position, r.FirstPosition, r.FirstLine))];
    }

    async Task<BookUpsertResult> ITradeUploadGrain.CommitAsync()
    {
        if (_finished || _upload is null)
        {
            throw new InvalidOperationException(_finished ? "The upload is already committed or aborted." : "The upload stored no trades.");
        }

        var outcome = await _upload.CommitAsync();
        await FinishAsync();
        await TradeWrites.ChangedAsync(GrainFactory, outcome.Books);
        return new BookUpsertResult(outcome.Stored, outcome.Created, outcome.Changed);
    }

    Task ITradeUploadGrain.AbortAsync() => FinishAsync();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FinishAsync();

    private async Task FinishAsync()
    {
        _finished = true;
        if (_upload is { } upload)
        {
            _upload = null;
            await upload.DisposeAsync();
        }

        DeactivateOnIdle();
    }
}
