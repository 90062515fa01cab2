using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>Geometric Asian price and Greeks on a batch of 4096 options (half discrete, half continuous averaging).</summary>
[MemoryDiagnoser]
public class AsianBenchmarks : PathBenchmark
{
    private AsianWorkload _workload = null!;

    [Benchmark(Description = "Geometric Asian price+Greeks ×4096")]
    public void PriceAndGreeks()
    {
        EnsurePath();
        _workload.PriceAndGreeks();
    }

    private protected override void Build() => _workload = new AsianWorkload();

    private protected override IEnumerable<Kernel> Kernels() => [QuickKernels.Asian(_workload)];
}
