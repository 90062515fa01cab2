using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using XiP.Benchmarks.Workloads;
using XiP.Numerics.Simd;

namespace XiP.Benchmarks;

/// <summary>
/// The quick mode (<c>core</c>): every kernel on the vector and the scalar path, single-threaded on the
/// calling thread, timed with a stopwatch — no BenchmarkDotNet, well under a minute.
/// </summary>
/// <remarks>
/// First every kernel is warmed for about 0.3 s per path with the two paths alternating call by call,
/// so that tiered compilation has moved the shared dispatch code (and the curve code the rates kernels
/// share) to optimised code whose dynamic-PGO profile has seen both paths, whichever order the kernels
/// are timed in afterwards. Then per kernel and path: about 0.1 s more of warm-up calls, a full GC, and
/// about 1 s of calls measured in five slices. The reported rate is the best slice's items per second:
/// other processes on the machine only ever slow a slice down, so the fastest one is the steadiest
/// estimate. Before any timing each kernel runs once on each path and every output must be finite
/// (otherwise the run fails with exit code 1, and so does a non-finite output after timing); the two
/// paths are expected to agree to the bit, and a difference is reported on stderr.
/// </remarks>
internal static class QuickRun
{
    private const double WarmupSeconds = 0.3;
    private const double RewarmSeconds = 0.1;
    private const double MeasureSeconds = 1.0;
    private const int Slices = 5;

    // The vector path runs with no limit (every width the hardware accelerates); the scalar path under Limit(0).
    private static readonly (string Name, int? Bits)[] Paths = [("vector", null), ("scalar", 0)];

    public static int Run(bool json)
    {
        var total = Stopwatch.StartNew();
        var kernels = QuickKernels.All();
        if (!Check(kernels))
        {
            return 1;
        }

        foreach (var kernel in kernels)
        {
            WarmBothPaths(kernel);
        }

        var results = new Dictionary<(string Path, string Key), Measurement>();
        foreach (var kernel in kernels)
        {
            foreach (var (path, bits) in Paths)
            {
                using (Limit(bits))
                {
                    results[(path, kernel.Key)] = Measure(kernel);
                }

                if (kernel.FirstNonFinite() is { } problem)
                {
                    Console.Error.WriteLine($"error: non-finite result after timing on the {path} path: {problem}");
                    return 1;
                }
            }
        }

        if (json)
        {
            WriteJson(kernels, results);
        }
        else
        {
            WriteTable(kernels, results, total.Elapsed);
        }

        return 0;
    }

    /// <summary>Runs every kernel once per path: all outputs finite, and the paths compared bit for bit.</summary>
    private static bool Check(IReadOnlyList<Kernel> kernels)
    {
        var ok = true;
        foreach (var kernel in kernels)
        {
            double[][]? vector = null;
            foreach (var (path, bits) in Paths)
            {
                using (Limit(bits))
                {
                    kernel.Call();
                }

                if (kernel.FirstNonFinite() is { } problem)
                {
                    Console.Error.WriteLine($"error: non-finite result on the {path} path: {problem}");
                    ok = false;
                }

                if (vector is null)
                {
                    vector = kernel.Snapshot();
                }
                else if (FirstDifference(vector, kernel.Outputs()) is { } difference)
                {
                    Console.Error.WriteLine($"warning: {kernel.Key}: the vector and scalar paths differ ({difference}).");
                }
            }
        }

        return ok;
    }

    private static string? FirstDifference(double[][] expected, IReadOnlyList<double[]> actual)
    {
        for (var c = 0; c < expected.Length; c++)
        {
            for (var i = 0; i < expected[c].Length; i++)
            {
                if (BitConverter.DoubleToInt64Bits(expected[c][i]) != BitConverter.DoubleToInt64Bits(actual[c][i]))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"column {c}, element {i}: {expected[c][i]:R} vs {actual[c][i]:R}");
                }
            }
        }

        return null;
    }

    private static void WarmBothPaths(Kernel kernel)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < WarmupSeconds * Paths.Length)
        {
            foreach (var (_, bits) in Paths)
            {
                using (Limit(bits))
                {
                    kernel.Call();
                }
            }
        }
    }

    private static Measurement Measure(Kernel kernel)
    {
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed.TotalSeconds < RewarmSeconds)
        {
            kernel.Call();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var sliceTicks = (long)(MeasureSeconds / Slices * Stopwatch.Frequency);
        var best = 0.0;
        long calls = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var s = 0; s < Slices; s++)
        {
            long sliceCalls = 0;
            var start = Stopwatch.GetTimestamp();
            var end = start + sliceTicks;
            long now;
            do
            {
                kernel.Call();
                sliceCalls++;
                now = Stopwatch.GetTimestamp();
            }
            while (now < end);

            var seconds = (double)(now - start) / Stopwatch.Frequency;
            best = Math.Max(best, sliceCalls * (double)kernel.ItemsPerCall / seconds);
            calls += sliceCalls;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return new Measurement(best, calls, allocated);
    }

    private static void WriteJson(IReadOnlyList<Kernel> kernels, Dictionary<(string Path, string Key), Measurement> results)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout))
        {
            writer.WriteStartObject();
            writer.WriteNumber("vectorBits", SimdPolicy.HardwareVectorBits);
            foreach (var (path, _) in Paths)
            {
                writer.WriteStartObject(path);
                foreach (var kernel in kernels)
                {
                    writer.WriteNumber(kernel.Key, (long)Math.Round(results[(path, kernel.Key)].ItemsPerSecond));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        stdout.Write("\n"u8);
    }

    private static void WriteTable(IReadOnlyList<Kernel> kernels, Dictionary<(string Path, string Key), Measurement> results, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"XiP kernels, single thread, hardware vector width {SimdPolicy.HardwareVectorBits} bits ({Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})"));
        Console.WriteLine("items/s is the best of 5 slices of ~0.2 s after ~0.3 s of warm-up per path; alloc is bytes allocated over all timed calls.");
        Console.WriteLine();
        var header = string.Format(c, "{0,-34} {1,-22} {2,16} {3,16} {4,8} {5,8}", "kernel", "items", "vector items/s", "scalar items/s", "ratio", "alloc B");
        Console.WriteLine(header);
        Console.WriteLine(new string('-', header.Length));
        foreach (var kernel in kernels)
        {
            var vector = results[("vector", kernel.Key)];
            var scalar = results[("scalar", kernel.Key)];
            Console.WriteLine(string.Format(
                c,
                "{0,-34} {1,-22} {2,16:N0} {3,16:N0} {4,7:F2}x {5,8:N0}",
                kernel.Label,
                $"{kernel.ItemsPerCall} {kernel.Unit}",
                vector.ItemsPerSecond,
                scalar.ItemsPerSecond,
                vector.ItemsPerSecond / scalar.ItemsPerSecond,
                vector.AllocatedBytes + scalar.AllocatedBytes));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"total {elapsed.TotalSeconds:F1} s"));
    }

    private static IDisposable? Limit(int? bits) => bits is { } b ? SimdPolicy.Limit(b) : null;

    private readonly record struct Measurement(double ItemsPerSecond, long Calls, long AllocatedBytes);
}
