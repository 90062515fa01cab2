using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using XiP.Abstractions;

namespace XiP.Hosting;

/// <summary>
/// A grain storage provider whose failures reach callers as <see cref="StorageUnavailableException"/>: state is read
/// when a grain activates, outside any grain call (so <see cref="StorageFailureFilter"/> never sees it), and a
/// driver's exception there crossed to the cluster gateway as a serialization error instead.
/// </summary>
internal sealed class StorageFailureTranslation(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translated(() => inner.ClearStateAsync(stateName, grainId, grainState));

    // the provider opens its connections and checks its schema at silo start-up: it must still take part
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private static async Task Translated(Func<Task> operation)
    {
        try
        {
            await operation();
        }
        catch (Exception e) when (StorageFailures.Find(e) is { } failure)
        {
            throw new StorageUnavailableException($"The grain state store failed: {failure.GetType().Name}: {failure.Message}");
        }
    }

    /// <summary>Wraps the grain storage provider registered as <paramref name="name"/> (the last registration of it).</summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        var registered = services.LastOrDefault(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage '{name}' is registered to wrap.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new StorageFailureTranslation(Create(registered, provider, key)));
    }

    private static IGrainStorage Create(ServiceDescriptor registered, IServiceProvider provider, object? key) => (IGrainStorage)(
        registered.KeyedImplementationFactory?.Invoke(provider, key)
        ?? registered.KeyedImplementationInstance
        ?? ActivatorUtilities.CreateInstance(provider, registered.KeyedImplementationType!));
}
