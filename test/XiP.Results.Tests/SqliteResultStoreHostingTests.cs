using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XiP.Abstractions.Results;
using XiP.Results.Sqlite;

namespace XiP.Results.Tests;

public sealed class SqliteResultStoreHostingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddSqliteResultStore_registers_one_store_and_creates_the_table_at_host_start()
    {
        var dataSource = Path.Combine(_temp.Path, "data", "results.db");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteResultStore(o => o.DataSource = dataSource);
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<IResultStore>();
        Assert.Same(host.Services.GetRequiredService<SqliteResultStore>(), store);
        Assert.Equal(Path.GetFullPath(dataSource), ((SqliteResultStore)store).DatabasePath);
        Assert.False(File.Exists(dataSource));

        await host.StartAsync();
        try
        {
            Assert.True(File.Exists(dataSource));
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'run_results';";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Registering_twice_keeps_one_store_and_one_initializer()
    {
        var services = new ServiceCollection();
        services.AddSqliteResultStore(o => o.DataSource = Path.Combine(_temp.Path, "a.db"));
        services.AddSqliteResultStore(o => o.DataSource = Path.Combine(_temp.Path, "b.db"));
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IResultStore>());
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.EndsWith("b.db", provider.GetRequiredService<SqliteResultStore>().DatabasePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_DataSource_fails_host_start_naming_the_option()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteResultStore(_ => { });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SqliteResultStoreOptions.DataSource", exception.Message, StringComparison.Ordinal);
    }
}
