using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Contracts.Live;

namespace XiP.Cli.Tests;

[Collection(PlatformCollection.Name)]
public sealed class LiveWatchTests(PlatformFixture platform)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LiveWatchPrintsTheTotalsThenALinePerUpdateWithTheChangedTradesUntilCancelled()
    {
        var (subscription, book) = await SubscribeAsync();
        var watch = Watch("live", "watch", subscription);

        var first = await watch.LineAsync(l => l.StartsWith("version 1:", StringComparison.Ordinal));
        var view = await platform.Client.GetSubscriptionAsync(subscription);
        Assert.Contains($"{view.Trades.Count} trades", first);
        Assert.Contains("pv=" + view.Totals["pv"].ToString("N2", System.Globalization.CultureInfo.InvariantCulture), first);

        await TickAsync(book);
        var update = await watch.LineAsync(l => l.StartsWith("version 2:", StringComparison.Ordinal));
        var after = await platform.Client.GetSubscriptionAsync(subscription);
        Assert.Contains("changed", update);
        Assert.Contains($"{book}-t000", update);
        Assert.Contains("pv=" + after.Totals["pv"].ToString("N2", System.Globalization.CultureInfo.InvariantCulture), update);

        var outcome = await watch.StopAsync();
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
    }

    [Fact]
    public async Task LiveWatchAsJsonPrintsEachUpdateAsOneJsonLine()
    {
        var (subscription, book) = await SubscribeAsync();
        var watch = Watch("live", "watch", subscription, "--format", "json");

        var first = JsonDocument.Parse(await watch.LineAsync(l => l.Contains("\"version\":1", StringComparison.Ordinal))).RootElement;
        await TickAsync(book);
        var second = JsonDocument.Parse(await watch.LineAsync(l => l.Contains("\"version\":2", StringComparison.Ordinal))).RootElement;
        var after = await platform.Client.GetSubscriptionAsync(subscription);

        Assert.Equal(6, first.GetProperty("changed").GetArrayLength());
        var changed = second.GetProperty("changed").EnumerateArray().Select(t => t.GetProperty("tradeId").GetString()).ToList();
        Assert.NotEmpty(changed);
        Assert.DoesNotContain($"{book}-t001", changed); // a swap reads no equity
        Assert.Equal(after.Totals["pv"], second.GetProperty("totals").GetProperty("pv").GetDouble());
        var outcome = await watch.StopAsync();
        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
    }

    private async Task<(string Subscription, string Book)> SubscribeAsync()
    {
        var book = TestData.NewId("live");
        (await platform.Http.PostAsJsonAsync("/v1/trades", new JsonArray(TestData.Trades(book, 6).ToArray<JsonNode>()))).EnsureSuccessStatusCode();
        (await platform.Http.PutAsJsonAsync($"/v1/live-markets/{book}", TestData.MarketData())).EnsureSuccessStatusCode();
        var created = await platform.Client.CreateSubscriptionAsync(new SubscriptionRequest(book, book, ["pv", "delta"]));
        return (created.SubscriptionId, book);
    }

    private async Task TickAsync(string market)
    {
        using var tick = await platform.Http.PatchAsJsonAsync($"/v1/live-markets/{market}", new JsonObject { ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 131.5 } } });
        tick.EnsureSuccessStatusCode();
    }

    private Running Watch(params string[] args) => new(platform, args);

    /// <summary>A watch running in-process until stopped, its output read as it is written.</summary>
    private sealed class Running
    {
        private readonly StringWriter _out = new();
        private readonly StringWriter _error = new();

        // the synchronized writer locks itself while writing, so reading under the same lock sees whole lines
        private readonly TextWriter _writer;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<int> _exit;

        public Running(PlatformFixture platform, string[] args)
        {
            _writer = TextWriter.Synchronized(_out);
            var context = CliContext.ForWriters(_writer, TextWriter.Synchronized(_error),
                url => new HttpClient(platform.Factory.Server.CreateHandler()) { BaseAddress = url }, defaultApiKey: PlatformFactory.ApiKey);
            _exit = Task.Run(() => XipCli.Create(context).InvokeAsync(args, _stop.Token));
        }

        public async Task<string> LineAsync(Func<string, bool> match)
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < Deadline)
            {
                string text;
                lock (_writer)
                {
                    text = _out.ToString();
                }

                if (text.Split('\n').FirstOrDefault(match) is { } line)
                {
                    return line.TrimEnd('\r');
                }

                if (_exit.IsCompleted)
                {
                    throw new InvalidOperationException($"xip exited {await _exit}: {text}\n{_error}");
                }

                await Task.Delay(20);
            }

            throw new TimeoutException($"no such line within {Deadline}:\n{_out}\n{_error}");
        }

        public async Task<CliOutcome> StopAsync()
        {
            await _stop.CancelAsync();
            var exitCode = await _exit.WaitAsync(Deadline);
            return new CliOutcome(exitCode, _out.ToString(), _error.ToString());
        }
    }
}
