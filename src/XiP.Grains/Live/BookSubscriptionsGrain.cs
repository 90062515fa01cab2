using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Grains.Placement;

namespace XiP.Grains.Live;

/// <summary>Which subscriptions price a book, kept across restarts, and the fan-out of the book's changes to them.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-book-subscriptions")]
public sealed class BookSubscriptionsGrain(
    [PersistentState("book-subscriptions", ProviderNames.GrainState)] IPersistentState<BookSubscriptionsState> state) : Grain, IBookSubscriptionsGrain
{
    public async Task AddAsync(string subscriptionId)
    {
        if (state.State.Subscriptions.Add(subscriptionId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string subscriptionId)
    {
        if (state.State.Subscriptions.Remove(subscriptionId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task BookChangedAsync()
    {
        foreach (var subscription in state.State.Subscriptions)
        {
            _ = GrainFactory.GetGrain<ISubscriptionGrain>(subscription).BookChangedAsync();
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
