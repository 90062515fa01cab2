using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace XiP.Benchmarks;

/// <summary>
/// <c>placement [--trades N] [--scenarios S] [--roles control,compute,compute] [--cores 1,1,3] [--valuations-per-batch V] [--json]</c>: the same
/// risk run on a heterogeneous local cluster (<c>infra/scripts/local-cluster.sh</c>, Release build, PostgreSQL of
/// <c>XIP_POSTGRES</c>) under each placement policy, a fresh cluster each: run time, batches per compute silo against
/// its share of the cores, markets built on the silos (per-silo cache misses) and grain calls between silos, from the
/// silos' own metrics. Every silo is a process on this machine, so the cores given are what each silo believes it
/// has (DOTNET_PROCESSOR_COUNT), not cores of its own.
/// </summary>
internal static partial class PlacementBenchmark
{
    private static readonly (string Name, string Policy, bool Affinity)[] Policies =
    [
        ("even (before capacity-aware dispatch)", "Even", false),
        ("capacity", "Capacity", false),
        ("capacity + market affinity (default)", "Capacity", true),
        ("resource-optimized (Orleans)", "ResourceOptimized", false),
    ];

    public static int Run(string[] args)
    {
        if (BenchmarkArgs.Parse(args, "placement [--trades N] [--scenarios S] [--roles R1,R2,..] [--cores C1,C2,..] [--valuations-per-batch V] [--json]",
                ["--trades", "--scenarios", "--roles", "--cores", "--valuations-per-batch"], ["--json"]) is not { } options)
        {
            return 2;
        }

        var trades = options.Int("--trades", 20_000);
        var scenarios = options.Int("--scenarios", 100);
        var roles = options.Text("--roles", "control,compute,compute");
        var cores = options.Text("--cores", "1,1,3");
        var perBatch = options.Int("--valuations-per-batch", 50_000);
        var json = options.Flag("--json");

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("XIP_POSTGRES")))
        {
            Console.Error.WriteLine("XIP_POSTGRES is not set: XIP_POSTGRES=$(infra/scripts/postgres-test-server.sh start | tail -n 1) dotnet run ...");
            return 2;
        }

        return RunAsync(trades, scenarios, roles, cores, perBatch, json).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int trades, int scenarios, string roles, string cores, int perBatch, bool json)
    {
        var results = new List<PolicyResult>();
        var build = true;
        foreach (var (name, policy, affinity) in Policies)
        {
            var result = await MeasureAsync(name, policy, affinity, trades, scenarios, roles, cores, perBatch, build);
            build = false;
            if (result is null)
            {
                return 1;
            }

            results.Add(result);
        }

        var report = new
        {
            machine = new { processors = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription },
            trades,
            scenarios,
            valuationsPerBatch = perBatch,
            roles,
            cores,
            policies = results,
        };
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
            return 0;
        }

        Console.WriteLine($"{trades} European options × {scenarios + 1} markets, pv, {perBatch} valuations per batch; silos {roles}, cores {cores}; machine with {Environment.ProcessorCount} processors");
        Console.WriteLine("| policy | run (s) | valuations/s | batches per compute silo (share / core share) | markets built | remote calls |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var shares = string.Join("; ", r.Silos.Where(s => s.Compute).Select(s => $"{s.Cores} cores: {s.Batches} ({s.Share:P0} / {s.CoreShare:P0})"));
            Console.WriteLine($"| {r.Policy} | {r.Seconds:F2} | {r.ValuationsPerSecond:N0} | {shares} | {r.MarketsBuilt} | {r.RemoteCalls} |");
        }

        return 0;
    }

    private static async Task<PolicyResult?> MeasureAsync(string name, string policy, bool affinity, int trades, int scenarios, string roles, string cores, int perBatch, bool build)
    {
        var root = Platform.GatewayProcess.RepositoryRoot();
        var state = Path.Combine(Path.GetTempPath(), "xip-placement-benchmark-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["XiP__ServiceId"] = "placement-" + Guid.NewGuid().ToString("N"),
            ["XiP__Runs__MaxTradesPerRun"] = trades.ToString(CultureInfo.InvariantCulture),
            ["XiP__Runs__MaxScenariosPerRun"] = scenarios.ToString(CultureInfo.InvariantCulture),
            ["XiP__Placement__BatchPolicy"] = policy,

            // many batches, so the shares mean something
            ["XiP__Runs__ValuationsPerBatch"] = perBatch.ToString(CultureInfo.InvariantCulture),
            ["XiP__Placement__MarketAffinity"] = affinity ? "true" : "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var silos = roles.Split(',').Length;
        List<string> arguments = ["start", "--silos", silos.ToString(CultureInfo.InvariantCulture), "--roles", roles, "--cores", cores, "--state-dir", state];
        if (!build)
        {
            arguments.Add("--no-build");
        }

        var started = await ScaleBenchmark.ScriptAsync(root, environment, arguments);
        if (started is null)
        {
            return null;
        }

        try
        {
            var values = File.ReadAllLines(Path.Combine(state, "cluster.env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            using var http = new HttpClient { BaseAddress = new Uri(values["gateway_url"]), Timeout = TimeSpan.FromMinutes(30) };
            if (await ScaleBenchmark.RunToEndAsync(http, trades, scenarios) is not { } status)
            {
                return null;
            }

            var cluster = JsonDocument.Parse(await http.GetStringAsync("/v1/cluster")).RootElement;
            var bySilo = status.GetProperty("batchesBySilo").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            var computeCores = cluster.GetProperty("silos").EnumerateArray()
                .Where(s => s.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "compute"))
                .Sum(s => s.GetProperty("cores").GetInt32());
            var totalBatches = Math.Max(1, bySilo.Values.Sum());
            var siloResults = cluster.GetProperty("silos").EnumerateArray().Select(s =>
            {
                var address = s.GetProperty("address").GetString()!;
                var compute = s.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "compute");
                var siloCores = s.GetProperty("cores").GetInt32();
                var batches = bySilo.GetValueOrDefault(address);
                return new SiloResult(address, compute, siloCores, batches, (double)batches / totalBatches, compute ? (double)siloCores / computeCores : 0);
            }).ToList();

            long built = 0, remote = 0;
            for (var i = 1; i <= silos; i++)
            {
                var metrics = await http.GetStringAsync(new Uri(values[$"silo_{i}_url"] + "/metrics"));
                built += Counter(metrics, "xip_markets_lookups_total", "outcome=\"built\"");
                remote += Counter(metrics, "xip_grain_calls_total", "origin=\"remote\"");
            }

            var seconds = ScaleBenchmark.RunSeconds(status);
            return new PolicyResult(name, Math.Round(seconds, 3), Math.Round(status.GetProperty("done").GetInt64() / seconds), siloResults, built, remote);
        }
        finally
        {
            await ScaleBenchmark.ScriptAsync(root, environment, ["stop", "--state-dir", state]);
            Directory.Delete(state, recursive: true);
        }
    }

    // the sum of a Prometheus counter's series that carry the label
    private static long Counter(string metrics, string name, string label) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            .Select(line => SampleValue().Match(line))
            .Where(m => m.Success)
            .Sum(m => (long)double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\}\s+([0-9.eE+-]+)")]
    private static partial Regex SampleValue();

    private sealed record SiloResult(string Address, bool Compute, int Cores, int Batches, double Share, double CoreShare);

    private sealed record PolicyResult(string Policy, double Seconds, double ValuationsPerSecond, List<SiloResult> Silos, long MarketsBuilt, long RemoteCalls);
}
