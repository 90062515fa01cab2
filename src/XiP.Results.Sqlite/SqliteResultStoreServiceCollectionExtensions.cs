using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Results;
using XiP.Results.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqliteResultStore"/> as the host's <see cref="IResultStore"/>.</summary>
public static class SqliteResultStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="SqliteResultStore"/> singleton, as itself and as <see cref="IResultStore"/>, and a
    /// hosted service that creates the table when the host starts.
    /// </summary>
    /// <param name="services">The service collection (of a silo: <c>siloBuilder.Services</c>).</param>
    /// <param name="configureOptions">Configures the options; <see cref="SqliteResultStoreOptions.DataSource"/> is required.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The options are validated when the host starts (before any hosted service) with an
    /// <see cref="OptionsValidationException"/> naming the option. The store also initializes itself on first
    /// use, so a grain that writes before the hosted service has run still finds the table.
    /// </remarks>
    public static IServiceCollection AddSqliteResultStore(this IServiceCollection services, Action<SqliteResultStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);

        services.AddOptions<SqliteResultStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteResultStoreOptions>, SqliteResultStoreOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteResultStore(
            sp.GetRequiredService<IOptions<SqliteResultStoreOptions>>().Value,
            sp.GetService<ILogger<SqliteResultStore>>()));
        services.Replace(ServiceDescriptor.Singleton<IResultStore>(sp => sp.GetRequiredService<SqliteResultStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ResultStoreInitializer>());
        return services;
    }

    /// <summary>Creates the result store's tables at host start, so the first write does not pay for it.</summary>
    private sealed class ResultStoreInitializer(IResultStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
