using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using XiP.Persistence.Sqlite;

namespace Orleans.Hosting;

/// <summary>
/// Registers <see cref="SqliteGrainStorage"/> as a named Orleans grain storage provider.
/// </summary>
public static class SqliteGrainStorageHostingExtensions
{
    /// <summary>Adds SQLite grain storage as the default provider (<c>"Default"</c>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options; <see cref="SqliteGrainStorageOptions.DataSource"/> is required.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds SQLite grain storage as the default provider (<c>"Default"</c>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options builder (for example to bind configuration).</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
        => builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name, matching the <c>storageName</c> given to <c>[PersistentState]</c>.</param>
    /// <param name="configureOptions">Configures the options; <see cref="SqliteGrainStorageOptions.DataSource"/> is required.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddSqliteGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name, matching the <c>storageName</c> given to <c>[PersistentState]</c>.</param>
    /// <param name="configureOptions">Configures the options builder (for example to bind configuration).</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the default provider (<c>"Default"</c>).</summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="configureOptions">Configures the options; <see cref="SqliteGrainStorageOptions.DataSource"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds SQLite grain storage as the default provider (<c>"Default"</c>).</summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="configureOptions">Configures the options builder (for example to bind configuration).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSqliteGrainStorageAsDefault(this IServiceCollection services, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
        => services.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="name">The provider name, matching the <c>storageName</c> given to <c>[PersistentState]</c>.</param>
    /// <param name="configureOptions">Configures the options; <see cref="SqliteGrainStorageOptions.DataSource"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return services.AddSqliteGrainStorage(name, ob => ob.Configure(configureOptions));
    }

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>.</summary>
    /// <param name="services">The silo's service collection.</param>
    /// <param name="name">The provider name, matching the <c>storageName</c> given to <c>[PersistentState]</c>.</param>
    /// <param name="configureOptions">Configures the options builder (for example to bind configuration).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Registers the provider as a keyed <see cref="IGrainStorage"/> singleton named <paramref name="name"/>
    /// (and as the unkeyed <see cref="IGrainStorage"/> when the name is <c>"Default"</c>), as a silo lifecycle
    /// participant that creates the database at <see cref="SqliteGrainStorageOptions.InitStage"/>, and an
    /// <see cref="IConfigurationValidator"/> for its options.
    /// </remarks>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        configureOptions?.Invoke(services.AddOptions<SqliteGrainStorageOptions>(name));
        services.AddTransient<IConfigurationValidator>(sp => new SqliteGrainStorageOptionsValidator(
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        // Fills SqliteGrainStorageOptions.GrainStorageSerializer from the silo's IGrainStorageSerializer when unset.
        services.TryAddEnumerable(ServiceDescriptor.Transient<
            IPostConfigureOptions<SqliteGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<SqliteGrainStorageOptions>>());
        services.ConfigureNamedOptionForLogging<SqliteGrainStorageOptions>(name);

        // Keyed IGrainStorage singleton + "Default" alias + ILifecycleParticipant<ISiloLifecycle>.
        return services.AddGrainStorage(name, CreateStorage);
    }

    private static SqliteGrainStorage CreateStorage(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name);
        return ActivatorUtilities.CreateInstance<SqliteGrainStorage>(services, name, options);
    }
}
