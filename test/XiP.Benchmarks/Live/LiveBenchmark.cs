using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Benchmarks.Platform;

namespace XiP.Benchmarks.Live;

/// <summary>
/// <c>live [--trades N] [--touched N] [--rate R] [--seconds S] [--subscribers K] [--json]</c>: tick-to-update latency of live
/// pricing as a client sees it, against an embedded gateway process on loopback. A book of N options of which <c>touched</c>
/// are on ACME; spot ticks on ACME are PATCHed at R per second; each subscriber's SSE stream is read and every tick is timed
/// from its PATCH being answered to the first update at its version or a later one (coalesced). Three runs: the one asked
/// for, 1,000 ticks/s on one subscriber, and 100 subscribers on the same live market.
/// </summary>
internal static class LiveBenchmark
{
    private const string Usage = "live [--trades N] [--touched N] [--rate R] [--seconds S] [--subscribers K] [--json]";

    public static int Run(string[] args)
    {
        if (BenchmarkArgs.Parse(args, Usage, ["--trades", "--touched", "--rate", "--seconds", "--subscribers"], ["--json"]) is not { } options)
        {
            return 2;
        }

        var (trades, touched, rate) = (options.Int("--trades", 10_000), options.Int("--touched", 500), options.Int("--rate", 200));
        var (seconds, subscribers, json) = (options.Int("--seconds", 10), options.Int("--subscribers", 1), options.Flag("--json"));

        if (touched > trades || rate <= 0 || seconds <= 0 || subscribers <= 0)
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        var result = RunAsync(trades, touched, rate, seconds, subscribers).GetAwaiter().GetResult();
        Console.WriteLine(json ? result.ToJsonString() : Table(result));
        return 0;
    }

    private static async Task<JsonObject> RunAsync(int trades, int touched, int rate, int seconds, int subscribers)
    {
        await using var gateway = await GatewayProcess.StartAsync(["--XiP:Gateway:MaxEventStreamsPerClient=512"]);
        using var streams = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(gateway.Url), Timeout = Timeout.InfiniteTimeSpan };
        streams.DefaultRequestHeaders.Add("X-API-Key", GatewayProcess.ApiKey);

        await UploadAsync(gateway.Http, Book(trades, touched));
        (await gateway.Http.PutAsJsonAsync("/v1/live-markets/bench", PlatformWorkloads.MarketData())).EnsureSuccessStatusCode();

        var ticks = new TickSource();
        var subscriptions = new List<string>();
        var result = new JsonObject
        {
            ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["os"] = Environment.OSVersion.VersionString, ["framework"] = Environment.Version.ToString() },
            ["trades"] = trades,
            ["touchedPerTick"] = touched,
        };

        // the paths compiled once before anything is measured, as after a while in production
        await ScenarioAsync(gateway, streams, ticks, subscriptions, rate, 3, 1);
        result["asked"] = await ScenarioAsync(gateway, streams, ticks, subscriptions, rate, seconds, subscribers);
        result["ticks1000"] = await ScenarioAsync(gateway, streams, ticks, subscriptions, 1000, seconds, 1);
        result["subscribers100"] = await ScenarioAsync(gateway, streams, ticks, subscriptions, rate, seconds, 100);
        result["gatewayPeakWorkingSetBytes"] = gateway.PeakResidentBytes();
        return result;
    }

    private static async Task<JsonObject> ScenarioAsync(GatewayProcess gateway, HttpClient streams, TickSource ticks, List<string> subscriptions, int rate, int seconds, int subscribers)
    {
        // subscriptions are kept from run to run (a new stream starts from the whole state), so each run times ticks, not set-up
        while (subscriptions.Count < subscribers)
        {
            using var created = await gateway.Http.PostAsJsonAsync("/v1/subscriptions", new { book = "live", liveMarket = "bench", measures = new[] { "pv", "delta" } });
            created.EnsureSuccessStatusCode();
            subscriptions.Add((await created.Content.ReadFromJsonAsync<JsonObject>())!["subscriptionId"]!.GetValue<string>());
        }

        Console.Error.WriteLine($"live: {subscribers} subscriber(s), {rate} ticks/s for {seconds} s");
        var ids = subscriptions.Take(subscribers).ToList();
        using var stop = new CancellationTokenSource();
        var readers = ids.Select(_ => new LiveStreamReader()).ToList();
        var reading = ids.Select((id, k) => readers[k].ReadAsync(streams, id, stop.Token)).ToList();
        await Task.WhenAll(readers.Select(r => r.FirstEvent)).WaitAsync(TimeSpan.FromMinutes(10));

        var rssBefore = gateway.ResidentBytes();
        var accepted = await ticks.SendAsync(gateway.Http, rate, TimeSpan.FromSeconds(seconds));
        var last = accepted[^1];

        // kept up: every subscriber reaches the last tick's version within a second of it being accepted
        var deadline = Stopwatch.StartNew();
        while (readers.Any(r => r.LastVersion < last.Version) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await Task.WhenAll(reading);
        var rssAfter = gateway.ResidentBytes();
        var latencies = new List<double>();
        var keptUp = 0;
        long updates = 0, coalesced = 0;
        foreach (var reader in readers)
        {
            var received = reader.Updates;
            updates += received.Count;
            var versions = received.Select(u => u.Version).ToHashSet();
            coalesced += accepted.Count(t => !versions.Contains(t.Version));
            var j = 0;
            foreach (var (version, at) in accepted)
            {
                while (j < received.Count && received[j].Version < version)
                {
                    j++;
                }

                if (j < received.Count)
                {
                    // an update may be read before the PATCH's answer is: that tick waited nothing
                    latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(at, received[j].Timestamp).TotalMilliseconds));
                }
            }

            var reached = received.FirstOrDefault(u => u.Version >= last.Version);
            if (reached != default && Stopwatch.GetElapsedTime(last.Timestamp, reached.Timestamp) <= TimeSpan.FromSeconds(1))
            {
                keptUp++;
            }
        }

        latencies.Sort();
        var sent = Stopwatch.GetElapsedTime(accepted[0].Timestamp, last.Timestamp).TotalSeconds;
        return new JsonObject
        {
            ["rateAsked"] = rate,
            ["seconds"] = seconds,
            ["subscribers"] = subscribers,
            ["ticks"] = accepted.Count,
            ["ticksPerSecond"] = Math.Round(accepted.Count / Math.Max(sent, 1e-9)),
            ["updatesReceived"] = updates,
            ["coalescedTicks"] = coalesced,
            ["latencyMs"] = new JsonObject
            {
                ["p50"] = Percentile(latencies, 0.50),
                ["p99"] = Percentile(latencies, 0.99),
                ["max"] = latencies.Count == 0 ? null : Math.Round(latencies[^1], 2),
            },
            ["subscribersKeptUp"] = keptUp,
            ["streamsReopened"] = readers.Sum(r => r.Reopened),
            ["keptUp"] = keptUp == subscribers,
            ["gatewayWorkingSetBeforeBytes"] = rssBefore,
            ["gatewayWorkingSetAfterBytes"] = rssAfter,
            ["gatewayPeakWorkingSetBytes"] = gateway.PeakResidentBytes(),
        };
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)], 2);

    /// <summary>Options of book <c>live</c>: the first <paramref name="touched"/> on ACME (the ticked underlying), the rest on BETA.</summary>
    private static byte[] Book(int trades, int touched)
    {
        var text = new StringBuilder(trades * 200);
        for (var i = 0; i < trades; i++)
        {
            var (_, put, strike, expiry) = PlatformWorkloads.European(i);
            var acme = i < touched;
            var k = strike / (i % 2 == 0 ? 100 : 40) * (acme ? 100 : 40);
            text.Append(CultureInfo.InvariantCulture, $$"""{"id":"lv-{{i:D6}}","type":"europeanOption","book":"live","underlying":"{{(acme ? "ACME" : "BETA")}}","optionType":"{{(put ? "put" : "call")}}","strike":{{k:R}},"expiry":"{{expiry:yyyy-MM-dd}}","discountCurve":"USD"}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task UploadAsync(HttpClient http, byte[] ndjson)
    {
        using var content = new ByteArrayContent(ndjson);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.PostAsync("/v1/trades", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("upload failed: " + await response.Content.ReadAsStringAsync());
        }
    }

    private static string Table(JsonObject result)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"live pricing: {result["trades"]} trades, {result["touchedPerTick"]} re-priced per tick, {result["machine"]!["cores"]} cores");
        text.AppendLine("run              ticks/s  subs  ticks  updates  coalesced  p50 ms  p99 ms  max ms  kept up  peak WS MiB");
        foreach (var name in new[] { "asked", "ticks1000", "subscribers100" })
        {
            var r = result[name]!;
            var l = r["latencyMs"]!;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-16} {r["ticksPerSecond"],7}  {r["subscribers"],4}  {r["ticks"],5}  {r["updatesReceived"],7}  {r["coalescedTicks"],9}  {l["p50"],6}  {l["p99"],6}  {l["max"],6}  {r["subscribersKeptUp"] + "/" + r["subscribers"],7}  {r["gatewayPeakWorkingSetBytes"]!.GetValue<long>() / (1024 * 1024),11}");
        }

        return text.ToString();
    }

    /// <summary>Spot ticks on ACME, paced at a rate, each stamped with the version the PATCH answered and when.</summary>
    private sealed class TickSource
    {
        private long _next;

        public async Task<List<(long Version, long Timestamp)>> SendAsync(HttpClient http, int rate, TimeSpan duration)
        {
            var accepted = new List<(long Version, long Timestamp)>();
            var inFlight = new List<Task>();
            var gate = new SemaphoreSlim(16);
            var start = Stopwatch.GetTimestamp();
            var count = (int)(rate * duration.TotalSeconds);
            for (var i = 0; i < count; i++)
            {
                // paced against the start, so a slow answer is caught up on rather than stretching the run
                var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due);
                }

                await gate.WaitAsync();
                var spot = 100 + (Interlocked.Increment(ref _next) % 2000) * 0.001;
                inFlight.Add(PatchAsync(http, spot, accepted, gate));
            }

            await Task.WhenAll(inFlight);
            accepted.Sort((a, b) => a.Version.CompareTo(b.Version));
            return accepted;
        }

        private static async Task PatchAsync(HttpClient http, double spot, List<(long, long)> accepted, SemaphoreSlim gate)
        {
            try
            {
                // a literal body: JsonContent's web defaults would camel-case the equity's name
                using var content = new StringContent("""{"equities":{"ACME":{"spot":""" + spot.ToString("R", CultureInfo.InvariantCulture) + "}}}", Encoding.UTF8, "application/json");
                using var response = await http.PatchAsync("/v1/live-markets/bench", content);
                var at = Stopwatch.GetTimestamp();
                response.EnsureSuccessStatusCode();
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var version = answer.RootElement.GetProperty("version").GetInt64();
                lock (accepted)
                {
                    accepted.Add((version, at));
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
