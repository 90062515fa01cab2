using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using XiP.Results;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers a run block store and the <see cref="ResultStore"/> over it.</summary>
public static class ResultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Makes <paramref name="factory"/>'s store the host's <see cref="IRunBlockStore"/> (replacing any other), adds the
    /// <see cref="ResultStore"/> over it and a hosted service that initializes the store when the host starts, so a
    /// store that cannot start (or holds data of an older format) stops the host at once with its reason.
    /// </summary>
    public static IServiceCollection AddRunBlockStore(this IServiceCollection services, Func<IServiceProvider, IRunBlockStore> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.Replace(ServiceDescriptor.Singleton(factory));
        services.TryAddSingleton(sp => new ResultStore(sp.GetRequiredService<IRunBlockStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StoreInitializer>());
        return services;
    }

    /// <summary>The embedded store: one directory per run under <paramref name="root"/>.</summary>
    public static IServiceCollection AddFileResultStore(this IServiceCollection services, string root) =>
        services.AddRunBlockStore(_ => new FileBlockStore(root));

    private sealed class StoreInitializer(IRunBlockStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
