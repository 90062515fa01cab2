using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>Black–Scholes on a batch of 4096 options: price with all Greeks, and price only.</summary>
[MemoryDiagnoser]
public class EuropeanBenchmarks : PathBenchmark
{
    private EuropeanWorkload _workload = null!;

    [Benchmark(Description = "European price+Greeks ×4096")]
    public void PriceAndGreeks()
    {
        EnsurePath();
        _workload.PriceAndGreeks();
    }

    [Benchmark(Description = "European price ×4096")]
    public void Price()
    {
        EnsurePath();
        _workload.Price();
    }

    private protected override void Build() => _workload = new EuropeanWorkload();

    private protected override IEnumerable<Kernel> Kernels() => QuickKernels.European(_workload);
}
