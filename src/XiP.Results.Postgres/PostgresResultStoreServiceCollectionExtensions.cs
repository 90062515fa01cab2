using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Results;
using XiP.Results.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PostgresResultStore"/> as the host's <see cref="IResultStore"/>.</summary>
public static class PostgresResultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="PostgresResultStore"/> singleton, as itself and as <see cref="IResultStore"/>
    /// (replacing any other store), and a hosted service that creates the table when the host starts.
    /// </summary>
    /// <param name="services">The service collection (of a silo: <c>siloBuilder.Services</c>).</param>
    /// <param name="configureOptions">Configures the options; <see cref="PostgresResultStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The options are validated when the host starts (before any hosted service) with an
    /// <see cref="OptionsValidationException"/> naming the option. The store also initializes itself on
    /// first use.
    /// </remarks>
    public static IServiceCollection AddPostgresResultStore(this IServiceCollection services, Action<PostgresResultStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<PostgresResultStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresResultStoreOptions>, PostgresResultStoreOptionsValidator>());
        services.TryAddSingleton(sp => new PostgresResultStore(
            sp.GetRequiredService<IOptions<PostgresResultStoreOptions>>().Value,
            sp.GetService<ILogger<PostgresResultStore>>()));
        services.Replace(ServiceDescriptor.Singleton<IResultStore>(sp => sp.GetRequiredService<PostgresResultStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgresResultStoreInitializer>());
        return services;
    }

    /// <summary>Creates the result table at host start, so the first write does not pay for it.</summary>
    private sealed class PostgresResultStoreInitializer(PostgresResultStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
