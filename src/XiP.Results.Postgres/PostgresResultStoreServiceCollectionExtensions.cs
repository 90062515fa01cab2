using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XiP.Results.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PostgresBlockStore"/> as the host's run block store.</summary>
public static class PostgresResultStoreServiceCollectionExtensions
{
    /// <summary>Adds a <see cref="PostgresBlockStore"/> as the run block store, with the result store over it; options are validated at start.</summary>
    public static IServiceCollection AddPostgresResultStore(this IServiceCollection services, Action<PostgresResultStoreOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureOptions);
        services.AddOptions<PostgresResultStoreOptions>().Configure(configureOptions).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresResultStoreOptions>, PostgresResultStoreOptionsValidator>());
        services.TryAddSingleton(sp => new PostgresBlockStore(sp.GetRequiredService<IOptions<PostgresResultStoreOptions>>().Value, sp.GetService<ILogger<PostgresBlockStore>>()));
        return services.AddRunBlockStore(sp => sp.GetRequiredService<PostgresBlockStore>());
    }
}
