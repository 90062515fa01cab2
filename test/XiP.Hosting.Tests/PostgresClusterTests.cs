using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Hosting;
using Orleans.Streams;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Trades;
using XiP.Results;
using XiP.Results.Postgres;
using XiP.Tests;

namespace XiP.Hosting.Tests;

/// <summary>
/// A silo composed by <c>UseXiP</c> with everything in PostgreSQL (membership, grain state, results), and a
/// gateway-style client composed by the client <c>UseXiP</c>, on the database of <c>XIP_POSTGRES</c>.
/// </summary>
public sealed class PostgresClusterTests
{
    // Fresh ids per test: the membership and stored state of other tests and runs stay out of sight.
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly string _serviceId = $"service-{Guid.NewGuid():N}";
    private readonly int _siloPort = LoopbackPorts.Reserve();
    private readonly int _gatewayPort = LoopbackPorts.Reserve();

    [Fact]
    public async Task State_written_through_one_silo_is_read_back_after_a_restart_by_a_new_client()
    {
        var trade = new EuropeanOptionSpec
        {
            Id = "T-persisted",
            Book = "Equities",
            Underlying = "ACME",
            OptionType = OptionKind.Call,
            Strike = 101.5,
            Expiry = new DateOnly(2027, 6, 18),
            DiscountCurve = "USD-SOFR",
            Quantity = 3,
        };

        using (var silo = await StartSiloAsync())
        {
            using var client = await StartClientAsync();
            var stored = await client.Services.GetRequiredService<IClusterClient>().GetGrain<ITradeGrain>(trade.Id).PutAsync(trade);
            Assert.Equal((1, true), (stored.Version, stored.Created));
            await client.StopAsync();
            await silo.StopAsync();
        }

        // trades live in the trade store's tables: one current version, one version row
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM xip_trade_heads WHERE trade_id = @id AND version = 1;", trade.Id));

        // Same ports, new silo generation: the state can only come from PostgreSQL.
        using (var silo = await StartSiloAsync())
        {
            using var client = await StartClientAsync();
            var grain = client.Services.GetRequiredService<IClusterClient>().GetGrain<ITradeGrain>(trade.Id);
            var read = await grain.GetAsync();

            Assert.NotNull(read);
            Assert.Equal(1, read.Version);
            Assert.Equal(trade, read.Trade);

            // The ETag read back lets the grain write again (a version conflict would throw here).
            var second = await grain.PutAsync(trade with { Strike = 99 });
            Assert.Equal((2, false, true), (second.Version, second.Created, second.Changed));
            await client.StopAsync();
            await silo.StopAsync();
        }

        // The first silo was declared dead (6) by its own shutdown; the second likewise.
        Assert.Equal(2L, await CountAsync("SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = 6;", _clusterId));
    }

    [Fact]
    public async Task The_silo_uses_the_postgres_result_store()
    {
        using var silo = await StartSiloAsync();
        var store = silo.Services.GetRequiredService<IRunBlockStore>();
        var run = $"run-{Guid.NewGuid():N}";

        await store.PutAsync(run, [new RunBlock(0, RunParts.Values("pv"), new byte[] { 1, 2, 3 })]);

        Assert.IsType<PostgresBlockStore>(store);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM xip_run_blocks WHERE run_id = @id;", run));
        await silo.StopAsync();
    }

    [Fact]
    public async Task A_purged_run_leaves_no_results_and_its_id_makes_a_new_run()
    {
        using var silo = await StartSiloAsync();
        var grains = silo.Services.GetRequiredService<IClusterClient>();
        var book = $"book-{Guid.NewGuid():N}";
        await grains.GetGrain<IBookGrain>(book).UpsertAsync([.. Enumerable.Range(0, 3).Select(i => (TradeSpec)new EuropeanOptionSpec
        {
            Id = $"{book}-{i}", Book = book, Underlying = "ACME", OptionType = OptionKind.Call, Strike = 95 + i, Expiry = new DateOnly(2025, 1, 15), DiscountCurve = "USD",
        })]);
        var marketDataId = $"md-{Guid.NewGuid():N}";
        await grains.GetGrain<IMarketDataGrain>(marketDataId).PutAsync(new MarketDataSpec
        {
            ValuationDate = new DateOnly(2024, 1, 15),
            Curves = new Dictionary<string, CurveSpec> { ["USD"] = new() { FlatRate = 0.04 } },
            Equities = new Dictionary<string, EquitySpec> { ["ACME"] = new(100, 0.01, 0.25) },
        });
        var runId = $"run-{Guid.NewGuid():N}";
        var run = grains.GetGrain<IRiskRunGrain>(runId);
        var request = new RunRequest { Book = book, MarketDataId = marketDataId, Measures = ["pv"] };

        await RunToEndAsync(grains, run, request);
        Assert.True(await CountAsync("SELECT count(*) FROM xip_run_blocks WHERE run_id = @id;", runId) > 0);
        var purged = await run.PurgeAsync();

        Assert.Equal(RunPurge.Purged, purged);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM xip_run_blocks WHERE run_id = @id;", runId));
        Assert.Null(await run.GetSnapshotAsync());
        Assert.DoesNotContain(runId, (await grains.GetGrain<IRunRegistryGrain>(IRunRegistryGrain.Key).ListAsync(1000)).Select(e => e.RunId));

        // the state was cleared in PostgreSQL, not only in the activation: a new run under the id starts afresh
        var again = await RunToEndAsync(grains, run, request with { Measures = ["pv", "delta"] });
        Assert.Equal(3L * 2, again.Total);
        await silo.StopAsync();
    }

    private static async Task<RunSnapshot> RunToEndAsync(IClusterClient grains, IRiskRunGrain run, RunRequest request)
    {
        var runId = run.GetPrimaryKeyString();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = grains.GetStreamProvider(ProviderNames.Streams).GetStream<RunProgress>(StreamId.Create(RunStreams.Namespace, runId));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            if (e.IsTerminal)
            {
                ended.TrySetResult();
            }

            return Task.CompletedTask;
        });

        // subscribed before submitting, so the terminal event cannot go by unseen
        var submitted = await run.SubmitAsync(request);
        Assert.NotNull(submitted.Run);
        await ended.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await subscription.UnsubscribeAsync();
        var snapshot = (await run.GetSnapshotAsync())!;
        Assert.Equal(RunState.Completed, snapshot.State);
        return snapshot;
    }

    private IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["XiP:Clustering"] = "postgres",
            ["XiP:GrainStorage"] = "postgres",
            ["XiP:Results"] = "postgres",
            ["XiP:ClusterId"] = _clusterId,
            ["XiP:ServiceId"] = _serviceId,
            ["XiP:SiloPort"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["XiP:GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:Postgres"] = PostgresServer.ConnectionString,
        })
        .Build();

    private async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleans(silo => silo.UseXiP(Configuration()));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private async Task<IHost> StartClientAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseXiP(Configuration()));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<long> CountAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
