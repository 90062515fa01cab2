using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Abstractions.Trades;
using XiP.Pricing.MarketData;
using XiP.Pricing.Measures;
using XiP.Pricing.Products;
using XiP.Pricing.Risk;
using XiP.Pricing.Scenarios;

namespace XiP.Benchmarks;

/// <summary>
/// <c>run [--trades N] [--scenarios S]</c>: starts the gateway in embedded mode as its own process on
/// loopback, stores a snapshot, a generated scenario set and N European options, runs them, follows the
/// run's event stream to the end, and compares the run's valuations per second with the raw core
/// pricing the same trades under the same markets on the same cores in this process.
/// </summary>
internal static class RunBenchmark
{
    private static readonly DateOnly ValuationDate = new(2024, 1, 15);

    public static int Run(string[] args)
    {
        var trades = 100_000;
        var scenarios = 100;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--trades" when i + 1 < args.Length:
                    trades = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--scenarios" when i + 1 < args.Length:
                    scenarios = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: run [--trades N] [--scenarios S]");
                    return 2;
            }
        }

        return RunAsync(trades, scenarios).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int tradeCount, int scenarioCount)
    {
        var root = RepositoryRoot();
        var gatewayDll = Path.Combine(root, "gateway", "XiP.Gateway", "bin", "Release", "net10.0", "XiP.Gateway.dll");
        if (!File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"build the gateway first: dotnet build -c Release gateway/XiP.Gateway ({gatewayDll} is missing)");
            return 2;
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "xip-run-benchmark-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            gatewayDll, "--urls", $"http://127.0.0.1:{port}", $"--XiP:DataDirectory={dataDirectory}",
            $"--XiP:SiloPort={FreePort()}", $"--XiP:GatewayPort={FreePort()}", $"--XiP:Runs:MaxTradesPerRun={tradeCount}",
            $"--XiP:Runs:MaxScenariosPerRun={scenarioCount}", "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var gateway = Process.Start(start)!;
        gateway.OutputDataReceived += (_, _) => { };
        gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
            await WaitHealthyAsync(http, gateway);

            var marketData = MarketDataJson();
            var scenarioSet = new JsonObject
            {
                ["generate"] = new JsonObject { ["count"] = scenarioCount, ["seed"] = 42, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
            };
            (await http.PutAsJsonAsync("/v1/market-data/bench", marketData)).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync("/v1/scenario-sets/bench", scenarioSet)).EnsureSuccessStatusCode();

            var upload = Stopwatch.StartNew();
            var ndjson = new StringBuilder();
            for (var i = 0; i < tradeCount; i++)
            {
                ndjson.Append(TradeJson(i).ToJsonString()).Append('\n');
            }

            using (var content = new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson"))
            {
                var stored = await http.PostAsync("/v1/trades", content);
                if (!stored.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine("upload failed: " + await stored.Content.ReadAsStringAsync());
                    return 1;
                }
            }

            var uploadSeconds = upload.Elapsed.TotalSeconds;
            var submit = await http.PostAsJsonAsync("/v1/runs", new JsonObject { ["book"] = "bench", ["marketDataId"] = "bench", ["scenarioSetId"] = "bench", ["measures"] = new JsonArray("pv") });
            if (submit.StatusCode != HttpStatusCode.Accepted)
            {
                Console.Error.WriteLine("submit failed: " + await submit.Content.ReadAsStringAsync());
                return 1;
            }

            var location = submit.Headers.Location!.OriginalString;
            await FollowToEndAsync(http, location + "/events");
            var status = JsonDocument.Parse(await http.GetStringAsync(location)).RootElement;
            if (status.GetProperty("status").GetString() != "completed")
            {
                Console.Error.WriteLine("the run did not complete: " + status.GetRawText());
                return 1;
            }

            var done = status.GetProperty("done").GetInt64();
            var started = status.GetProperty("startedAt").GetDateTimeOffset();
            var completed = status.GetProperty("completedAt").GetDateTimeOffset();
            var endToEnd = done / (completed - started).TotalSeconds;
            var raw = RawCore(tradeCount, scenarioCount);
            var bytesPerTrade = BytesPerCachedTrade();
            var result = new
            {
                trades = tradeCount,
                scenarios = scenarioCount,
                cores = Environment.ProcessorCount,
                valuations = done,
                uploadSeconds = Math.Round(uploadSeconds, 2),
                runSeconds = Math.Round((completed - started).TotalSeconds, 2),
                endToEndPerSecond = Math.Round(endToEnd),
                rawCorePerSecond = Math.Round(raw),
                ratio = Math.Round(endToEnd / raw, 3),
                bytesPerCachedTrade = Math.Round(bytesPerTrade),
            };
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            gateway.Kill(entireProcessTree: true);
            await gateway.WaitForExitAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    // The same valuations in this process, the trades split over every core as the silo's compute grains split them.
    private static double RawCore(int tradeCount, int scenarioCount)
    {
        var baseMarket = MarketDataBuilder.Build(new MarketDataDefinition(
            ValuationDate,
            new Dictionary<string, CurveDefinition> { ["USD"] = new FlatCurveDefinition(0.04) },
            new Dictionary<string, EquityMarket> { ["ACME"] = new(100, 0.01, 0.25), ["BETA"] = new(40, 0.0, 0.35) }));
        var generated = ScenarioExpander.Expand(new ScenarioSetDefinition([], new ScenarioGenerator(scenarioCount, 42, 10, 0.02, 0.01, 0)), baseMarket);
        var markets = new List<MarketSnapshot> { baseMarket };
        markets.AddRange(generated.Select(s => MarketShocker.Apply(baseMarket, s)));
        var trades = Enumerable.Range(0, tradeCount).Select(i => (Trade)Domain(i)).ToList();
        const int Slice = 2048;
        var slices = (tradeCount + Slice - 1) / Slice;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            var slice = trades.GetRange(s * Slice, Math.Min(Slice, tradeCount - s * Slice));
            ScenarioValuation.Run(markets, slice, [Measure.Pv], 64);
        });
        return (double)tradeCount * markets.Count / watch.Elapsed.TotalSeconds;
    }

    // What a book grain holds per trade: the versioned wire trade.
    private static double BytesPerCachedTrade()
    {
        const int Count = 100_000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = new List<VersionedTrade>(Count);
        for (var i = 0; i < Count; i++)
        {
            cache.Add(new VersionedTrade(Wire(i), 1, DateTimeOffset.UtcNow));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        return (after - before) / (double)Count;
    }

    private static EuropeanOptionSpec Wire(int i) => new()
    {
        Id = $"bench-{i:D7}", Book = "bench", Underlying = i % 2 == 0 ? "ACME" : "BETA", OptionType = i % 3 == 0 ? OptionKind.Put : OptionKind.Call,
        Strike = (i % 2 == 0 ? 100 : 40) * (0.7 + 0.6 * (i % 997) / 997.0), Expiry = ValuationDate.AddDays(7 + i % 3650), DiscountCurve = "USD",
    };

    private static EuropeanOptionTrade Domain(int i)
    {
        var w = Wire(i);
        return new EuropeanOptionTrade(w.Id, w.Book, 1, w.Underlying, w.OptionType == OptionKind.Call ? OptionType.Call : OptionType.Put, w.Strike, w.Expiry, w.DiscountCurve);
    }

    internal static JsonObject TradeJson(int i)
    {
        var w = Wire(i);
        return new JsonObject
        {
            ["id"] = w.Id, ["type"] = "europeanOption", ["book"] = w.Book, ["underlying"] = w.Underlying,
            ["optionType"] = w.OptionType == OptionKind.Call ? "call" : "put", ["strike"] = w.Strike,
            ["expiry"] = w.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["discountCurve"] = w.DiscountCurve,
        };
    }

    internal static JsonObject MarketDataJson() => new()
    {
        ["valuationDate"] = "2024-01-15",
        ["curves"] = new JsonObject { ["USD"] = new JsonObject { ["flatRate"] = 0.04 } },
        ["equities"] = new JsonObject
        {
            ["ACME"] = new JsonObject { ["spot"] = 100, ["dividendYield"] = 0.01, ["volatility"] = 0.25 },
            ["BETA"] = new JsonObject { ["spot"] = 40, ["dividendYield"] = 0.0, ["volatility"] = 0.35 },
        },
    };

    private static async Task FollowToEndAsync(HttpClient http, string events)
    {
        using var response = await http.GetAsync(events, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line is "event: completed" or "event: failed" or "event: cancelled")
            {
                return;
            }
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process gateway)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException("the gateway process exited during start-up.");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the gateway did not answer /health within 2 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orleans.XiP.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository: Orleans.XiP.sln was not found above " + AppContext.BaseDirectory);
    }
}
