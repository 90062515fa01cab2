using XiP.Abstractions;
using XiP.Abstractions.Live;
using XiP.Grains.Placement;

namespace XiP.Grains.Live;

/// <summary>A client's subscription: its definition, persisted; reading it reads its live book, which does the pricing.</summary>
[SiloRole(SiloRoles.Control)]
[GrainType("xip-subscription")]
public sealed class SubscriptionGrain(
    [PersistentState("subscription", ProviderNames.GrainState)] IPersistentState<SubscriptionState> state) : Grain, ISubscriptionGrain
{
    async Task<bool> ISubscriptionGrain.CreateAsync(SubscriptionDefinition definition)
    {
        if (state.State.Definition is { } existing)
        {
            // ids are the gateway's fresh GUIDs: a second create is the same call retried
            return existing.LiveMarket == definition.LiveMarket;
        }

        var liveBook = LiveBook(definition);
        if (!await liveBook.JoinAsync(this.GetPrimaryKeyString(), definition))
        {
            return false;
        }

        state.State.Definition = definition;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // a subscription that was not stored must not keep its live book pricing for nobody
            state.State.Definition = null;
            await liveBook.LeaveAsync(this.GetPrimaryKeyString());
            throw;
        }

        return true;
    }

    async Task<SubscriptionView?> ISubscriptionGrain.GetAsync() =>
        state.State.Definition is { } definition ? await LiveBook(definition).GetAsync() : null;

    Task<SubscriptionDefinition?> ISubscriptionGrain.GetDefinitionAsync() => Task.FromResult(state.State.Definition);

    async Task<bool> ISubscriptionGrain.DeleteAsync()
    {
        if (state.State.Definition is not { } definition)
        {
            return false;
        }

        await LiveBook(definition).LeaveAsync(this.GetPrimaryKeyString());
        await state.ClearStateAsync();
        state.State = new SubscriptionState();
        DeactivateOnIdle();
        return true;
    }

    private ILiveBookGrain LiveBook(SubscriptionDefinition definition) => GrainFactory.GetGrain<ILiveBookGrain>(LiveBooks.Key(definition));
}
