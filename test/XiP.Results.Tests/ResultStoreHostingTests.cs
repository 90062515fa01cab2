using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XiP.Results.Sqlite;

namespace XiP.Results.Tests;

/// <summary>The registrations: one block store, one <see cref="ResultStore"/> over it, initialized when the host starts.</summary>
public sealed class ResultStoreHostingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddSqliteResultStore_registers_one_store_and_creates_its_table_at_host_start()
    {
        var dataSource = Path.Combine(_temp.Path, "data", "results.db");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteResultStore(o => o.DataSource = dataSource);
        using var host = builder.Build();

        var store = Assert.Single(host.Services.GetServices<IRunBlockStore>());
        Assert.Same(host.Services.GetRequiredService<SqliteBlockStore>(), store);
        Assert.Same(store, Assert.Single(host.Services.GetServices<ResultStore>()).Blocks);
        Assert.Equal(Path.GetFullPath(dataSource), ((SqliteBlockStore)store).DatabasePath);
        Assert.False(File.Exists(dataSource));

        await host.StartAsync();
        try
        {
            Assert.True(File.Exists(dataSource));
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'run_blocks';";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AddFileResultStore_registers_one_store_and_creates_its_root_at_host_start()
    {
        var root = Path.Combine(_temp.Path, "runs");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddFileResultStore(root);
        using var host = builder.Build();

        var store = Assert.IsType<FileBlockStore>(Assert.Single(host.Services.GetServices<IRunBlockStore>()));
        Assert.Same(store, Assert.Single(host.Services.GetServices<ResultStore>()).Blocks);
        Assert.Equal(Path.GetFullPath(root), store.Root);
        Assert.False(Directory.Exists(root));

        await host.StartAsync();
        try
        {
            Assert.True(Directory.Exists(root));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Registering_twice_keeps_one_store_one_result_store_and_one_initializer()
    {
        var services = new ServiceCollection();
        services.AddSqliteResultStore(o => o.DataSource = Path.Combine(_temp.Path, "a.db"));
        services.AddSqliteResultStore(o => o.DataSource = Path.Combine(_temp.Path, "b.db"));
        services.AddFileResultStore(Path.Combine(_temp.Path, "a"));
        services.AddFileResultStore(Path.Combine(_temp.Path, "b"));
        await using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<IRunBlockStore>());
        Assert.Single(provider.GetServices<ResultStore>());
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Single(provider.GetServices<SqliteBlockStore>());
        Assert.EndsWith("b.db", provider.GetRequiredService<SqliteBlockStore>().DatabasePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_registered_last_is_the_one_the_result_store_uses()
    {
        var services = new ServiceCollection();
        services.AddFileResultStore(Path.Combine(_temp.Path, "runs"));
        services.AddSqliteResultStore(o => o.DataSource = Path.Combine(_temp.Path, "results.db"));
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ResultStore>();

        Assert.IsType<SqliteBlockStore>(store.Blocks);
        Assert.Same(provider.GetRequiredService<IRunBlockStore>(), store.Blocks);
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

    [Fact]
    public async Task A_bad_MaxConnections_fails_host_start_naming_the_option()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPostgresResultStore(o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Port=9";
            o.MaxConnections = 0;
        });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("PostgresResultStoreOptions.MaxConnections", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_whose_results_file_holds_legacy_rows_fails_to_start()
    {
        var dataSource = Path.Combine(_temp.Path, "results.db");
        Directory.CreateDirectory(_temp.Path);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dataSource, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE run_results (run_id TEXT, trade_id TEXT); INSERT INTO run_results VALUES ('run-1', 'T1');";
            await command.ExecuteNonQueryAsync();
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSqliteResultStore(o => o.DataSource = dataSource);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<LegacyResultsException>(() => host.StartAsync());
        Assert.Contains(dataSource, exception.Message, StringComparison.Ordinal);
    }
}
