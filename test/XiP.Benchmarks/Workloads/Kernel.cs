namespace XiP.Benchmarks.Workloads;

/// <summary>
/// One timed kernel of the quick mode: a call that values <see cref="ItemsPerCall"/> items into
/// preallocated buffers, and the buffers it writes (to check for non-finite numbers).
/// </summary>
internal sealed class Kernel(string key, string label, string unit, int itemsPerCall, Action call, Func<IReadOnlyList<double[]>> outputs)
{
    /// <summary>The JSON key.</summary>
    public string Key { get; } = key;

    public string Label { get; } = label;

    /// <summary>What one item is: "options", "swaps", "bonds", "swap×scenario".</summary>
    public string Unit { get; } = unit;

    public int ItemsPerCall { get; } = itemsPerCall;

    public void Call() => call();

    /// <summary>The buffers one call fills.</summary>
    public IReadOnlyList<double[]> Outputs() => outputs();

    /// <summary>The first non-finite output, described, or null when every output is finite.</summary>
    public string? FirstNonFinite()
    {
        var columns = Outputs();
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            for (var i = 0; i < column.Length; i++)
            {
                if (!double.IsFinite(column[i]))
                {
                    return $"{Key}: output column {c}, element {i} is {column[i]}";
                }
            }
        }

        return null;
    }

    /// <summary>A copy of every output, for comparing paths.</summary>
    public double[][] Snapshot() => [.. Outputs().Select(column => (double[])column.Clone())];
}
