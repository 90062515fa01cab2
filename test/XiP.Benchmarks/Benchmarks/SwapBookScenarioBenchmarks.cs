using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>The 1000-swap book under 100 parallel-shifted curves: one table per scenario, then <c>SwapBook.PresentValues</c> per scenario.</summary>
[MemoryDiagnoser]
public class SwapBookScenarioBenchmarks : PathBenchmark
{
    private SwapScenarioWorkload _workload = null!;

    [Benchmark(Description = "Swap book ×1000 under 100 scenarios")]
    public void PresentValues()
    {
        EnsurePath();
        _workload.PresentValues();
    }

    private protected override void Build() => _workload = new SwapScenarioWorkload();

    private protected override IEnumerable<Kernel> Kernels() => [QuickKernels.SwapBookScenarios(_workload)];
}
