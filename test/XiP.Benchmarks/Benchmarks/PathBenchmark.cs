using BenchmarkDotNet.Attributes;
using XiP.Benchmarks.Workloads;
using XiP.Numerics.Simd;

namespace XiP.Benchmarks.Benchmarks;

/// <summary>
/// Runs a benchmark class on the vector path (every width the hardware accelerates) and on the scalar
/// path (<c>SimdPolicy.Limit(0)</c>) side by side. The limit is thread-static: it is taken in the global
/// setup, which BenchmarkDotNet runs on the thread that runs the benchmark, and <see cref="EnsurePath"/>
/// fails the run if a benchmark ever lands on a thread with a different limit.
/// </summary>
public abstract class PathBenchmark
{
    public const string Vector = "vector";
    public const string Scalar = "scalar";

    private IDisposable? _limit;
    private int _expectedBits;

    [Params(Vector, Scalar)]
    public string Path { get; set; } = Vector;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Build();
        _limit = Path switch
        {
            Vector => null,
            Scalar => SimdPolicy.Limit(0),
            _ => throw new ArgumentException($"Unknown path '{Path}'."),
        };
        _expectedBits = SimdPolicy.MaxVectorBits;
        foreach (var kernel in Kernels())
        {
            kernel.Call();
            if (kernel.FirstNonFinite() is { } problem)
            {
                throw new InvalidOperationException($"Non-finite result on the {Path} path: {problem}");
            }
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _limit?.Dispose();
        _limit = null;
    }

    /// <summary>Builds the deterministic inputs and preallocated buffers.</summary>
    private protected abstract void Build();

    /// <summary>The kernels the class times, for the sanity check after setup.</summary>
    private protected abstract IEnumerable<Kernel> Kernels();

    /// <summary>Throws when the calling thread does not run the path this instance was set up for (a thread-static read).</summary>
    protected void EnsurePath()
    {
        if (SimdPolicy.MaxVectorBits != _expectedBits)
        {
            throw new InvalidOperationException($"The benchmark ran on a thread without the {Path} path's SIMD limit.");
        }
    }
}
