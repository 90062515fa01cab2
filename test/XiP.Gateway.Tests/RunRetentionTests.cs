using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XiP.Grains.Runs;
using XiP.Results;

namespace XiP.Gateway.Tests;

/// <summary><c>XiP:Runs:RetentionDays</c>: finished runs older than that go with their results; the others stay.</summary>
public sealed class RunRetentionTests(RunRetentionTests.RetentionFixture fixture) : IClassFixture<RunRetentionTests.RetentionFixture>
{
    private static readonly TimeSpan PastRetention = TimeSpan.FromDays(1) + TimeSpan.FromHours(1);

    private HttpClient Client => fixture.Client;

    private ResultStore Results => fixture.Factory.Services.GetRequiredService<ResultStore>();

    [Fact]
    public async Task ASweepPurgesRunsThatFinishedBeforeTheRetentionPeriodAndKeepsTheOthers()
    {
        var (book, marketDataId) = await StoreAsync();
        var unfinished = "run-retained-" + Guid.NewGuid().ToString("N");
        fixture.Faults.Hold(unfinished);
        try
        {
            await RunClient.SubmitAsync(Client, Run(book, marketDataId, unfinished["run-".Length..]));
            var old = await RunToEndAsync(book, marketDataId);
            fixture.Clock.Advance(PastRetention);
            var recent = await RunToEndAsync(book, marketDataId);

            await fixture.Retention.PurgeExpiredAsync();

            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{old}")).StatusCode);
            Assert.Empty(await Results.Blocks.ListAsync(old));
            Assert.Equal("completed", await StatusAsync(recent));
            Assert.NotEmpty(await Results.Blocks.ListAsync(recent));
            Assert.Contains(await StatusAsync(unfinished), new[] { "pending", "running" });

            // once it has ended, the unfinished run's time counts from its end
            Assert.Equal(HttpStatusCode.OK, (await Client.DeleteAsync($"/v1/runs/{unfinished}")).StatusCode);
            await fixture.Retention.PurgeExpiredAsync();
            Assert.Equal("cancelled", await StatusAsync(unfinished));
            fixture.Clock.Advance(PastRetention);
            await fixture.Retention.PurgeExpiredAsync();
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{unfinished}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/runs/{recent}")).StatusCode);
        }
        finally
        {
            fixture.Faults.Release(unfinished);
        }
    }

    [Fact]
    public async Task TheSiloSweepsOnItsOwn()
    {
        var (book, marketDataId) = await StoreAsync();
        var runId = await RunToEndAsync(book, marketDataId);

        fixture.Clock.Advance(PastRetention);

        // the sweep runs on the silo's own timer (every 0.2 s here): the test can only watch for its effect
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Client.GetAsync($"/v1/runs/{runId}", deadline.Token)).StatusCode != HttpStatusCode.NotFound)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }

        Assert.Empty(await Results.Blocks.ListAsync(runId));
    }

    [Fact]
    public async Task ARetentionThatIsNotPositiveStopsTheGatewayFromStarting()
    {
        var directory = GatewayFactory.NewDataDirectory();
        await using var factory = new GatewayFactory(directory, configure: b => b.UseSetting("XiP:Runs:RetentionDays", "0"));
        try
        {
            var refused = Record.Exception(() => factory.CreateClient());

            Assert.NotNull(refused);
            Assert.Contains("XiP:Runs:RetentionDays must be a positive number of days", refused.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private async Task<string> StatusAsync(string runId) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("status").GetString()!;

    private async Task<string> RunToEndAsync(string book, string marketDataId)
    {
        var (runId, _) = await RunClient.SubmitAsync(Client, Run(book, marketDataId, clientRunId: null));
        Assert.Equal("completed", (await RunClient.ReadEventsAsync(Client, runId))[^1].Event);
        return runId;
    }

    // over one batch (64 trades), so a held run stays running
    private async Task<(string Book, string MarketDataId)> StoreAsync()
    {
        var book = "book-" + Guid.NewGuid().ToString("N");
        var trades = new JsonArray();
        for (var i = 0; i < 70; i++)
        {
            var trade = Requests.European();
            trade["id"] = $"{book}-t{i:D3}";
            trade["book"] = book;
            trades.Add(trade);
        }

        await RunClient.StoreTradesAsync(Client, trades);
        return (book, await RunClient.StoreMarketDataAsync(Client, Requests.MarketData()));
    }

    private static JsonObject Run(string book, string marketDataId, string? clientRunId)
    {
        var run = new JsonObject { ["book"] = book, ["marketDataId"] = marketDataId, ["measures"] = new JsonArray("pv") };
        if (clientRunId is not null)
        {
            run["clientRunId"] = clientRunId;
        }

        return run;
    }

    /// <summary>An embedded gateway keeping finished runs one day, sweeping often, on a clock the tests move on; batches of 64 trades.</summary>
    public sealed class RetentionFixture : IAsyncLifetime
    {
        public RetentionFixture() => Factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), configure: builder =>
        {
            builder.UseSetting("XiP:Runs:RetentionDays", "1");
            builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
            builder.UseSetting("XiP:Runs:RetentionInterval", "00:00:00.2");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton<IBatchFaultInjector>(Faults);
            });
        });

        public MovingClock Clock { get; } = new();

        public GatedFaults Faults { get; } = new();

        public GatewayFactory Factory { get; }

        public HttpClient Client { get; private set; } = null!;

        public RunRetention Retention => Factory.Services.GetRequiredService<RunRetention>();

        public Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
            Directory.Delete(Factory.DataDirectory, recursive: true);
        }
    }

    /// <summary>The real clock, moved on by the tests; timers and timestamps stay real, so the silo's own schedules run as usual.</summary>
    public sealed class MovingClock : TimeProvider
    {
        private long _aheadTicks;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _aheadTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _aheadTicks, by.Ticks);
    }
}
