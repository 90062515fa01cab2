using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace XiP.Benchmarks;

/// <summary>
/// <c>core [--json]</c>: the quick stopwatch run of every kernel on the vector and scalar paths
/// (a table, or one JSON object on stdout). <c>platform [--json] [--large] [--only parts] [--gateway DIR]</c>: every figure of the platform as a
/// client sees it (upload, runs, results as JSON and Arrow, synchronous pricing) against the kernel's own rate. <c>scale [--trades N] [--scenarios S]
/// [--silos 1,2,4]</c>: the same run on local clusters of each size (valuations/s and speed-up). <c>placement [--roles ..]
/// [--cores ..] [--json]</c>: the same run on a heterogeneous local cluster under each placement policy. <c>live [--trades N]
/// [--touched N] [--rate R] [--seconds S] [--subscribers K] [--json]</c>: tick-to-update latency of live pricing. Anything else goes to BenchmarkDotNet's switcher, e.g.
/// <c>--filter '*European*' --job short</c>.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "core")
        {
            var json = false;
            foreach (var arg in args.Skip(1))
            {
                if (arg == "--json")
                {
                    json = true;
                }
                else
                {
                    Console.Error.WriteLine($"unknown option '{arg}'; usage: core [--json]");
                    return 2;
                }
            }

            return QuickRun.Run(json);
        }

        if (args.Length > 0 && args[0] == "platform")
        {
            return Platform.PlatformBenchmark.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "placement")
        {
            return PlacementBenchmark.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "live")
        {
            return Live.LiveBenchmark.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] == "scale")
        {
            return ScaleBenchmark.Run(args.Skip(1).ToArray());
        }

        // The project BenchmarkDotNet generates rebuilds everything referenced, the gateway and all it hosts
        // (grains, result stores) included, which on a busy two-core machine outlasts the default two minutes.
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10)));
        return 0;
    }
}
