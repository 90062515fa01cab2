using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Benchmarks;

/// <summary>
/// <c>scale [--trades N] [--scenarios S] [--silos 1,2,4]</c>: the same risk run on local clusters of each
/// size (<c>infra/scripts/local-cluster.sh</c>, Release build, PostgreSQL of <c>XIP_POSTGRES</c>), one JSON
/// line per size: valuations per second from the run's start to its end, and the speed-up over the first size.
/// Every silo is a process on this machine, so the cores are shared: the speed-up says how well the work
/// spreads, not what more machines would give.
/// </summary>
internal static class ScaleBenchmark
{
    public static int Run(string[] args)
    {
        if (BenchmarkArgs.Parse(args, "scale [--trades N] [--scenarios S] [--silos 1,2,4]", ["--trades", "--scenarios", "--silos"], []) is not { } options)
        {
            return 2;
        }

        var trades = options.Int("--trades", 20_000);
        var scenarios = options.Int("--scenarios", 100);
        var silos = options.Text("--silos", "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XIP_POSTGRES")))
        {
            Console.Error.WriteLine("XIP_POSTGRES is not set: XIP_POSTGRES=$(infra/scripts/postgres-test-server.sh start | tail -n 1) dotnet run ...");
            return 2;
        }

        return RunAsync(trades, scenarios, silos).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int trades, int scenarios, int[] siloCounts)
    {
        double? first = null;
        var build = true;
        foreach (var silos in siloCounts)
        {
            var perSecond = await MeasureAsync(trades, scenarios, silos, build);
            build = false;
            if (perSecond is not { } measured)
            {
                return 1;
            }

            first ??= measured;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                silos,
                cores = Environment.ProcessorCount,
                trades,
                scenarios,
                valuations = (long)trades * (scenarios + 1),
                valuationsPerSecond = Math.Round(measured),
                speedUp = Math.Round(measured / first.Value, 2),
            }));
        }

        return 0;
    }

    private static async Task<double?> MeasureAsync(int trades, int scenarios, int silos, bool build)
    {
        var root = Platform.GatewayProcess.RepositoryRoot();
        var state = Path.Combine(Path.GetTempPath(), "xip-scale-benchmark-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["XiP__ServiceId"] = "scale-" + Guid.NewGuid().ToString("N"),
            ["XiP__Runs__MaxTradesPerRun"] = trades.ToString(CultureInfo.InvariantCulture),
            ["XiP__Runs__MaxScenariosPerRun"] = scenarios.ToString(CultureInfo.InvariantCulture),

            // two batches per core keep every silo's cores busy
            ["XiP__Placement__BatchesPerCore"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",

            // local-cluster.sh gives the gateway this admin key
            ["XIP_API_KEY"] = "scale-" + Guid.NewGuid().ToString("N"),
        };
        var arguments = new List<string> { "start", "--silos", silos.ToString(CultureInfo.InvariantCulture), "--state-dir", state };
        if (!build)
        {
            arguments.Add("--no-build");
        }

        var started = await ScriptAsync(root, environment, arguments);
        if (started is null)
        {
            return null;
        }

        try
        {
            var url = started.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(' ')[^1];
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Add("X-API-Key", environment["XIP_API_KEY"]);
            return await RunOnceAsync(http, trades, scenarios);
        }
        finally
        {
            await ScriptAsync(root, environment, ["stop", "--state-dir", state]);
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task<double?> RunOnceAsync(HttpClient http, int trades, int scenarios) =>
        await RunToEndAsync(http, trades, scenarios) is { } status ? status.GetProperty("done").GetInt64() / RunSeconds(status) : null;

    /// <summary>Seconds from the run's start to its end.</summary>
    public static double RunSeconds(JsonElement status) =>
        (status.GetProperty("completedAt").GetDateTimeOffset() - status.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;

    /// <summary>Stores the book, snapshot and scenario set, runs `pv` over them and answers the completed run's status (null when it did not complete).</summary>
    public static async Task<JsonElement?> RunToEndAsync(HttpClient http, int trades, int scenarios)
    {
        (await http.PutAsJsonAsync("/v1/market-data/bench", Platform.PlatformWorkloads.MarketData())).EnsureSuccessStatusCode();
        var set = new JsonObject
        {
            ["generate"] = new JsonObject { ["count"] = scenarios, ["seed"] = 42, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
        };
        (await http.PutAsJsonAsync("/v1/scenario-sets/bench", set)).EnsureSuccessStatusCode();
        using (var content = new ByteArrayContent(Platform.PlatformWorkloads.EuropeanNdjson("bench", trades)))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
            (await http.PostAsync("/v1/trades", content)).EnsureSuccessStatusCode();
        }

        var submit = await http.PostAsJsonAsync("/v1/runs", new JsonObject { ["book"] = "bench", ["marketDataId"] = "bench", ["scenarioSetId"] = "bench", ["measures"] = new JsonArray("pv") });
        if (submit.StatusCode != HttpStatusCode.Accepted)
        {
            Console.Error.WriteLine("submit failed: " + await submit.Content.ReadAsStringAsync());
            return null;
        }

        var location = submit.Headers.Location!.OriginalString;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(30))
        {
            var status = JsonDocument.Parse(await http.GetStringAsync(location)).RootElement;
            switch (status.GetProperty("status").GetString())
            {
                case "completed":
                    return status;
                case "failed" or "cancelled":
                    Console.Error.WriteLine("the run did not complete: " + status.GetRawText());
                    return null;
            }

            await Task.Delay(100);
        }

        Console.Error.WriteLine("the run did not end within 30 minutes.");
        return null;
    }

    /// <summary>Runs infra/scripts/local-cluster.sh; answers its standard output, or null when it failed (its errors go to this process's stderr).</summary>
    public static async Task<string?> ScriptAsync(string root, Dictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(root, "infra", "scripts", "local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        // the script's progress and errors go straight to this process's stderr
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : null;
    }
}
