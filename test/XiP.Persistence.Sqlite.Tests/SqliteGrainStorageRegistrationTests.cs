using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace XiP.Persistence.Sqlite.Tests;

public sealed class SqliteGrainStorageRegistrationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Named_provider_is_a_keyed_grain_storage_and_a_lifecycle_participant()
    {
        using var services = BuildServices(s => s.AddSqliteGrainStorage("orders", o => o.DataSource = _temp.File("orders.db")));

        var storage = Assert.IsType<SqliteGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("orders"));

        Assert.Equal(_temp.File("orders.db"), storage.DatabasePath);
        Assert.Contains(services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => ReferenceEquals(p, storage));
        Assert.Null(services.GetService<IGrainStorage>());
        Assert.All(services.GetServices<IConfigurationValidator>(), v => v.ValidateConfiguration());
    }

    [Fact]
    public void Default_provider_is_also_the_unkeyed_grain_storage()
    {
        using var services = BuildServices(s => s.AddSqliteGrainStorageAsDefault(o => o.DataSource = _temp.File("default.db")));

        var keyed = services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

        Assert.IsType<SqliteGrainStorage>(keyed);
        Assert.Same(keyed, services.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public void Registered_validator_names_the_missing_data_source()
    {
        using var services = BuildServices(s => s.AddSqliteGrainStorage("orders", (Action<SqliteGrainStorageOptions>)(_ => { })));

        var validator = Assert.Single(services.GetServices<IConfigurationValidator>());
        var exception = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains("SqliteGrainStorageOptions.DataSource", exception.Message);
        Assert.Contains("'orders'", exception.Message);
    }

    private static ServiceProvider BuildServices(Action<IServiceCollection> addStorage)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSerializer(serializer => serializer.AddAssembly(typeof(CounterState).Assembly));
        // A silo registers this itself; the options post-configurator takes it as the default serializer.
        services.AddSingleton<IGrainStorageSerializer>(sp => new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        addStorage(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
