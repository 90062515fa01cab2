using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apache.Arrow.Ipc;

namespace XiP.Benchmarks.Platform;

/// <summary>
/// <c>platform [--json] [--only price] [--trades N] [--scenarios S] [--swaps N] [--large] [--large-trades N] [--large-scenarios S]</c>: every figure of
/// the platform's speed as a client sees it, against an embedded gateway process on loopback — bulk upload, risk runs
/// (European options price only and with the six Greeks, a swap book), reading every result as JSON pages and as Arrow,
/// and <c>POST /v1/price</c> under 32 connections — each run compared with the kernel's own rate measured in this
/// process: <c>ratio = endToEnd / (kernel × cores)</c>. <c>--large</c> adds the 1M × 250 run (peak memory, results on disk);
/// <c>--only price</c> measures <c>POST /v1/price</c> alone, on a gateway that has done nothing else.
/// </summary>
internal static class PlatformBenchmark
{
    public static int Run(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    options.Json = true;
                    break;
                case "--large":
                    options.Large = true;
                    break;
                case "--only" when i + 1 < args.Length && args[i + 1] == "price":
                    options.OnlyPrice = true;
                    i++;
                    break;
                case "--trades" when i + 1 < args.Length:
                    options.Trades = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--scenarios" when i + 1 < args.Length:
                    options.Scenarios = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--swaps" when i + 1 < args.Length:
                    options.Swaps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--large-trades" when i + 1 < args.Length:
                    options.LargeTrades = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--large-scenarios" when i + 1 < args.Length:
                    options.LargeScenarios = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: platform [--json] [--only price] [--trades N] [--scenarios S] [--swaps N] [--large] [--large-trades N] [--large-scenarios S]");
                    return 2;
            }
        }

        var result = RunAsync(options).GetAwaiter().GetResult();
        Console.WriteLine(options.Json ? result.ToJsonString() : result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task<JsonObject> RunAsync(Options o)
    {
        var cores = Environment.ProcessorCount;
        var result = new JsonObject
        {
            ["machine"] = new JsonObject { ["cores"] = cores, ["os"] = Environment.OSVersion.VersionString, ["framework"] = Environment.Version.ToString() },
        };
        if (o.OnlyPrice)
        {
            await using var gateway = await GatewayProcess.StartAsync([]);
            result["price"] = await PriceAsync(gateway);
            return result;
        }

        var kernelPrice = KernelRates.European(o.Trades, greeks: false);
        var kernelGreeks = KernelRates.European(o.Trades, greeks: true);
        var kernelSwaps = KernelRates.Swaps(o.Swaps);
        result["kernelPerCore"] = new JsonObject
        {
            ["europeanPrice"] = Math.Round(kernelPrice),
            ["europeanPriceAndGreeks"] = Math.Round(kernelGreeks),
            ["swapPv10y"] = Math.Round(kernelSwaps),
        };

        await using (var gateway = await GatewayProcess.StartAsync([$"--XiP:Runs:MaxScenariosPerRun={Math.Max(o.Scenarios, o.LargeScenarios)}"]))
        {
            var http = gateway.Http;
            (await http.PutAsJsonAsync("/v1/market-data/bench", PlatformWorkloads.MarketData())).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync("/v1/scenario-sets/bench", PlatformWorkloads.ScenarioSet(o.Scenarios))).EnsureSuccessStatusCode();

            // the upload path compiled once, on another book, before the one measured
            await UploadAsync(http, PlatformWorkloads.EuropeanNdjson("warm-up", 20_000, idPrefix: "warm"));
            var rssBefore = gateway.ResidentBytes();
            var (uploadSeconds, _) = await UploadAsync(http, PlatformWorkloads.EuropeanNdjson("options", o.Trades));
            result["upload"] = new JsonObject
            {
                ["trades"] = o.Trades,
                ["seconds"] = Math.Round(uploadSeconds, 3),
                ["tradesPerSecond"] = Math.Round(o.Trades / uploadSeconds),
                ["gatewayRssBeforeBytes"] = rssBefore,
                ["gatewayPeakRssBytes"] = gateway.PeakResidentBytes(),
            };
            await UploadAsync(http, PlatformWorkloads.SwapNdjson("swaps", o.Swaps));

            // A platform runs for days: the figures are taken once the JIT has compiled the hot paths fully, as after a
            // few runs in production. The first run after start is timed and reported too.
            var first = await RunToEndAsync(http, "options", ["pv"]);
            result["firstRunAfterStart"] = Describe(first, kernelPrice * cores);
            await RunToEndAsync(http, "options", ["pv", "delta"]);
            await RunToEndAsync(http, "swaps", ["pv"]);

            // each steady figure is the median of three runs: one run on a shared two-core machine swings by a third
            var pv = await MedianRunAsync(http, "options", ["pv"]);
            result["runPv"] = Describe(pv, kernelPrice * cores);
            var greeks = await MedianRunAsync(http, "options", ["pv", "delta", "gamma", "vega", "theta", "rho", "dividendRho"]);
            // a valuation is trade × scenario × measure; one kernel call gives all seven measures of an option
            result["runPvAndGreeks"] = Describe(greeks, kernelGreeks * 7 * cores);
            var swaps = await MedianRunAsync(http, "swaps", ["pv"]);
            result["runSwaps"] = Describe(swaps, kernelSwaps * cores);

            var (records, pageSeconds) = await ReadPagesAsync(http, pv.RunId, limit: 5000);
            result["resultsJson"] = new JsonObject { ["records"] = records, ["seconds"] = Math.Round(pageSeconds, 3), ["recordsPerSecond"] = Math.Round(records / pageSeconds) };
            var (values, arrowSeconds) = await ReadArrowAsync(http, pv.RunId);
            result["resultsArrow"] = new JsonObject { ["values"] = values, ["seconds"] = Math.Round(arrowSeconds, 3), ["valuesPerSecond"] = Math.Round(values / arrowSeconds) };

            result["price"] = await PriceAsync(gateway);
            result["gatewayPeakRssBytes"] = gateway.PeakResidentBytes();
        }

        if (o.Large)
        {
            result["large"] = await LargeAsync(o, kernelPrice * cores);
        }

        return result;
    }

    private static async Task<JsonObject> PriceAsync(GatewayProcess gateway)
    {
        // the endpoint's code compiled under load first (its JIT tiers take about 15 s of load on two cores), then measured
        await PriceLoad.RunAsync(gateway, connections: 32, TimeSpan.FromSeconds(15));
        var (tool, requests, errors) = await PriceLoad.RunAsync(gateway, connections: 32, TimeSpan.FromSeconds(10));
        return new JsonObject { ["tool"] = tool, ["connections"] = 32, ["requestsPerSecond"] = Math.Round(requests), ["errors"] = errors };
    }

    private static async Task<JsonObject> LargeAsync(Options o, double kernel)
    {
        await using var gateway = await GatewayProcess.StartAsync([$"--XiP:Runs:MaxScenariosPerRun={o.LargeScenarios}", $"--XiP:Runs:MaxTradesPerRun={o.LargeTrades}"]);
        var http = gateway.Http;
        (await http.PutAsJsonAsync("/v1/market-data/bench", PlatformWorkloads.MarketData())).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync("/v1/scenario-sets/bench", PlatformWorkloads.ScenarioSet(o.LargeScenarios))).EnsureSuccessStatusCode();
        var (uploadSeconds, bodyBytes) = await UploadAsync(http, PlatformWorkloads.EuropeanNdjson("large", o.LargeTrades));
        var rssAfterUpload = gateway.PeakResidentBytes();
        var run = await RunToEndAsync(http, "large", ["pv"]);
        var (records, pageSeconds) = await ReadPagesAsync(http, run.RunId, limit: 5000, maxRecords: 200_000);
        return new JsonObject
        {
            ["trades"] = o.LargeTrades,
            ["scenarios"] = o.LargeScenarios,
            ["uploadBodyBytes"] = bodyBytes,
            ["uploadSeconds"] = Math.Round(uploadSeconds, 2),
            ["uploadTradesPerSecond"] = Math.Round(o.LargeTrades / uploadSeconds),
            ["gatewayPeakRssAfterUploadBytes"] = rssAfterUpload,
            ["run"] = Describe(run, kernel),
            ["resultsBytesOnDisk"] = gateway.BytesOnDisk("results"),
            ["resultsJsonSample"] = new JsonObject { ["records"] = records, ["recordsPerSecond"] = Math.Round(records / pageSeconds) },
            ["gatewayPeakRssBytes"] = gateway.PeakResidentBytes(),
        };
    }

    private static JsonObject Describe(RunOutcome run, double kernelAllCores) => new()
    {
        ["runId"] = run.RunId,
        ["status"] = run.Status,
        ["valuations"] = run.Valuations,
        ["failed"] = run.Failed,
        ["seconds"] = Math.Round(run.Seconds, 3),
        ["valuationsPerSecond"] = Math.Round(run.Valuations / run.Seconds),
        ["kernelAllCoresPerSecond"] = Math.Round(kernelAllCores),
        ["ratio"] = Math.Round(run.Valuations / run.Seconds / kernelAllCores, 4),
    };

    private static async Task<(double Seconds, long Bytes)> UploadAsync(HttpClient http, byte[] ndjson)
    {
        using var content = new ByteArrayContent(ndjson);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync("/v1/trades", content);
        var text = await response.Content.ReadAsStringAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("upload failed: " + text);
        }

        return (seconds, ndjson.Length);
    }

    private static async Task<RunOutcome> MedianRunAsync(HttpClient http, string book, string[] measures)
    {
        var runs = new List<RunOutcome>(3);
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await RunToEndAsync(http, book, measures));
        }

        return runs.OrderBy(r => r.Seconds).ElementAt(1);
    }

    /// <summary>Submits a run and follows its events to the end: the time is the client's, from the submission to the terminal event.</summary>
    private static async Task<RunOutcome> RunToEndAsync(HttpClient http, string book, string[] measures)
    {
        var request = new JsonObject { ["book"] = book, ["marketDataId"] = "bench", ["scenarioSetId"] = "bench", ["measures"] = new JsonArray(measures.Select(m => (JsonNode)m).ToArray()) };
        var watch = Stopwatch.StartNew();
        using var submitted = await http.PostAsJsonAsync("/v1/runs", request);
        if (submitted.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException("submit failed: " + await submitted.Content.ReadAsStringAsync());
        }

        var location = submitted.Headers.Location!.OriginalString;
        using (var events = await http.GetAsync(location + "/events", HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await events.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is { } line && line is not ("event: completed" or "event: failed" or "event: cancelled"))
            {
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var status = JsonDocument.Parse(await http.GetStringAsync(location)).RootElement;
        return new RunOutcome(status.GetProperty("runId").GetString()!, status.GetProperty("status").GetString()!,
            status.GetProperty("done").GetInt64(), status.GetProperty("failed").GetInt64(), seconds);
    }

    /// <summary>
    /// Every page of a run's results, each read as a stream into one reused buffer: records are counted in the bytes
    /// (one <c>"tradeId"</c> each), values are not parsed, so the figure is the server's rather than this client's.
    /// </summary>
    private static async Task<(long Records, double Seconds)> ReadPagesAsync(HttpClient http, string runId, int limit, long maxRecords = long.MaxValue)
    {
        var marker = "\"tradeId\":"u8.ToArray();
        var cursorMarker = "\"nextCursor\":\""u8.ToArray();
        var buffer = new byte[1 << 20];
        long records = 0;
        string? cursor = null;
        var watch = Stopwatch.StartNew();
        do
        {
            var url = $"/v1/runs/{runId}/results?limit={limit}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync();

            // a marker may straddle two reads: the bytes after the last whole one move to the buffer's front
            var kept = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(kept))) > 0)
            {
                var span = buffer.AsSpan(0, kept + read);
                var scanned = 0;
                for (var at = span.IndexOf(marker); at >= 0; at = span[scanned..].IndexOf(marker))
                {
                    records++;
                    scanned += at + marker.Length;
                }

                var tail = Math.Max(scanned, span.Length - 1024);
                span[tail..].CopyTo(buffer);
                kept = span.Length - tail;
            }

            var end = buffer.AsSpan(0, kept);
            var c = end.LastIndexOf(cursorMarker);
            cursor = c < 0 ? null : Encoding.UTF8.GetString(end[(c + cursorMarker.Length)..][..end[(c + cursorMarker.Length)..].IndexOf((byte)'"')]);
        }
        while (cursor is not null && records < maxRecords);

        return (records, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The whole result set as Arrow, read back with Apache.Arrow's stream reader.</summary>
    private static async Task<(long Values, double Seconds)> ReadArrowAsync(HttpClient http, string runId)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{runId}/results");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.apache.arrow.stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync());
        long values = 0;
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            values += ((Apache.Arrow.FixedSizeListArray)batch.Column("values")).Values.Length;
        }

        return (values, watch.Elapsed.TotalSeconds);
    }

    private sealed record RunOutcome(string RunId, string Status, long Valuations, long Failed, double Seconds);

    private sealed class Options
    {
        public bool Json { get; set; }
        public bool Large { get; set; }
        public bool OnlyPrice { get; set; }
        public int Trades { get; set; } = 100_000;
        public int Scenarios { get; set; } = 100;
        public int Swaps { get; set; } = 10_000;
        public int LargeTrades { get; set; } = 1_000_000;
        public int LargeScenarios { get; set; } = 250;
    }
}
