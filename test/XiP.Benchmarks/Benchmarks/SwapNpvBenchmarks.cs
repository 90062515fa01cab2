using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>NPV of a book of 1000 10-year swaps: the discount-factor-by-day table once, then <c>SwapBook.PresentValues</c>.</summary>
[MemoryDiagnoser]
public class SwapNpvBenchmarks : PathBenchmark
{
    private SwapBookWorkload _workload = null!;

    [Benchmark(Description = "Swap book NPV ×1000 (10y)")]
    public void PresentValues()
    {
        EnsurePath();
        _workload.PresentValues();
    }

    private protected override void Build() => _workload = new SwapBookWorkload();

    private protected override IEnumerable<Kernel> Kernels() => [QuickKernels.SwapNpv(_workload)];
}
