using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Grains.Placement;

namespace XiP.Grains.Live;

/// <summary>Which live books price a book, kept across restarts, and the fan-out of the book's changes to them.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-book-subscriptions")]
public sealed class BookSubscriptionsGrain(
    [PersistentState("book-subscriptions", ProviderNames.GrainState)] IPersistentState<BookSubscriptionsState> state) : Grain, IBookSubscriptionsGrain
{
    public async Task AddAsync(string liveBook)
    {
        if (state.State.Subscriptions.Add(liveBook))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string liveBook)
    {
        if (state.State.Subscriptions.Remove(liveBook))
        {
            await state.WriteStateAsync();
        }
    }

    public Task BookChangedAsync()
    {
        foreach (var liveBook in state.State.Subscriptions)
        {
            _ = GrainFactory.GetGrain<ILiveBookGrain>(liveBook).BookChangedAsync();
        }

        // a book nobody prices live keeps no activation
        if (state.State.Subscriptions.Count == 0)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }
}

/// <summary>The persisted state of <see cref="BookSubscriptionsGrain"/>.</summary>
[GenerateSerializer, Alias("xip.book-subscriptions-state")]
public sealed class BookSubscriptionsState
{
    [Id(0)] public HashSet<string> Subscriptions { get; set; } = new(StringComparer.Ordinal);
}
