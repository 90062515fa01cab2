using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Results.Mongo;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MongoBlockStore"/> as the host's the run block store.</summary>
public static class MongoResultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="MongoBlockStore"/> singleton, as itself and as the run block store, and a
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
        services.TryAddSingleton(sp => new MongoBlockStore(sp.GetRequiredService<IOptions<MongoResultStoreOptions>>().Value, sp.GetService<ILogger<MongoBlockStore>>()));
        return services.AddRunBlockStore(sp => sp.GetRequiredService<MongoBlockStore>());
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
}
