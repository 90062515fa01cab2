using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>Dirty prices of 1000 10-year semiannual bonds: the discount-factor-by-day table, then <c>Cashflows.DiscountedSums</c>.</summary>
[MemoryDiagnoser]
public class BondDirtyPriceBenchmarks : PathBenchmark
{
    private BondBookWorkload _workload = null!;

    [Benchmark(Description = "Bond dirty price ×1000 (10y semiannual)")]
    public void DirtyPrices()
    {
        EnsurePath();
        _workload.DirtyPrices();
    }

    private protected override void Build() => _workload = new BondBookWorkload();

    private protected override IEnumerable<Kernel> Kernels() => [QuickKernels.BondDirtyPrice(_workload)];
}
