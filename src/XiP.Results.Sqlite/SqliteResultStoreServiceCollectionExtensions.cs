using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Results.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqliteBlockStore"/> as the host's run block store.</summary>
public static class SqliteResultStoreServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="SqliteBlockStore"/> as the run block store, with the result store over it; options are validated at start.</summary>
    public static IServiceCollection AddSqliteResultStore(this IServiceCollection services, Action<SqliteResultStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<SqliteResultStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteResultStoreOptions>, SqliteResultStoreOptionsValidator>());
        services.TryAddSingleton(sp => new SqliteBlockStore(sp.GetRequiredService<IOptions<SqliteResultStoreOptions>>().Value, sp.GetService<ILogger<SqliteBlockStore>>()));
        return services.AddRunBlockStore(sp => sp.GetRequiredService<SqliteBlockStore>());
    }
}
