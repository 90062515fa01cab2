using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace XiP.Results.Mongo.Tests;

/// <summary>Registration and options; none of these starts a store, so none needs a server.</summary>
public sealed class MongoResultStoreHostingTests
{
    [Fact]
    public async Task AddMongoResultStore_registers_one_store_as_itself_and_as_the_block_store_under_one_result_store()
    {
        var services = new ServiceCollection();
        services.AddMongoResultStore(o =>
        {
            o.ConnectionString = "mongodb://127.0.0.1:27017";
            o.DatabaseName = "risk";
            o.CollectionName = "blocks";
        });
        await using var provider = services.BuildServiceProvider();

        var store = Assert.Single(provider.GetServices<IRunBlockStore>());
        Assert.Same(provider.GetRequiredService<MongoBlockStore>(), store);
        Assert.Same(store, Assert.Single(provider.GetServices<ResultStore>()).Blocks);
        Assert.Equal("risk", ((MongoBlockStore)store).DatabaseName);
        Assert.Equal("blocks", ((MongoBlockStore)store).CollectionName);
        Assert.Single(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task Registering_twice_keeps_one_store_and_one_initializer()
    {
        var services = new ServiceCollection();
        services.AddMongoResultStore(o => o.ConnectionString = "mongodb://127.0.0.1:27017");
        services.AddMongoResultStore(o => o.DatabaseName = "second");
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IRunBlockStore>());
        Assert.Single(provider.GetServices<MongoBlockStore>());
        Assert.Single(provider.GetServices<ResultStore>());
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Equal("second", provider.GetRequiredService<MongoBlockStore>().DatabaseName);
    }

    [Fact]
    public async Task The_configuration_overload_reads_XiPs_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Mongo"] = "mongodb://127.0.0.1:27017/?appName=xip",
                ["XiP:Mongo:Database"] = "xip_risk",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddMongoResultStore(configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MongoResultStoreOptions>>().Value;
        Assert.Equal("mongodb://127.0.0.1:27017/?appName=xip", options.ConnectionString);
        Assert.Equal("xip_risk", options.DatabaseName);
        Assert.Equal("run_blocks", options.CollectionName);
        Assert.Equal("run_results", options.LegacyCollectionName);
        Assert.Equal("xip_risk", provider.GetRequiredService<MongoBlockStore>().DatabaseName);
    }

    [Fact]
    public async Task The_configuration_overload_defaults_the_database_to_xip()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Mongo"] = "mongodb://127.0.0.1:27017" })
            .Build();
        var services = new ServiceCollection();
        services.AddMongoResultStore(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal("xip", provider.GetRequiredService<MongoBlockStore>().DatabaseName);
    }

    [Fact]
    public async Task A_missing_connection_string_fails_host_start_naming_the_option_and_the_key()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddMongoResultStore(builder.Configuration);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("MongoResultStoreOptions.ConnectionString", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Mongo", exception.Message, StringComparison.Ordinal);
    }
}
