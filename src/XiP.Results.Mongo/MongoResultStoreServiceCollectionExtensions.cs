using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Results;
using XiP.Results.Mongo;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MongoResultStore"/> as the host's <see cref="IResultStore"/>.</summary>
public static class MongoResultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="MongoResultStore"/> singleton, as itself and as <see cref="IResultStore"/>, and a
    /// hosted service that creates the collection's indexes when the host starts.
    /// </summary>
    /// <param name="services">The service collection (of a silo: <c>siloBuilder.Services</c>).</param>
    /// <param name="configureOptions">Configures the options; <see cref="MongoResultStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The options are validated when the host starts (before any hosted service) with an
    /// <see cref="OptionsValidationException"/> naming the option. The store also initializes itself on first
    /// use, so a grain that writes before the hosted service has run still finds the indexes.
    /// </remarks>
    public static IServiceCollection AddMongoResultStore(this IServiceCollection services, Action<MongoResultStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<MongoResultStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MongoResultStoreOptions>, MongoResultStoreOptionsValidator>());
        services.TryAddSingleton(sp => new MongoResultStore(
            sp.GetRequiredService<IOptions<MongoResultStoreOptions>>().Value,
            sp.GetService<ILogger<MongoResultStore>>()));
        services.Replace(ServiceDescriptor.Singleton<IResultStore>(sp => sp.GetRequiredService<MongoResultStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MongoResultStoreInitializer>());
        return services;
    }

    /// <summary>
    /// Adds the store configured by XiP's keys: the connection string <c>ConnectionStrings:Mongo</c> (env
    /// <c>ConnectionStrings__Mongo</c>) and the database <c>XiP:Mongo:Database</c> (default <c>xip</c>).
    /// </summary>
    /// <param name="services">The service collection (of a silo: <c>siloBuilder.Services</c>).</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddMongoResultStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddMongoResultStore(options =>
        {
            options.ConnectionString = configuration.GetConnectionString("Mongo");
            options.DatabaseName = configuration["XiP:Mongo:Database"] ?? options.DatabaseName;
        });
    }

    /// <summary>Creates the result collection's indexes at host start, so the first write does not pay for it.</summary>
    private sealed class MongoResultStoreInitializer(IResultStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
