namespace XiP.Numerics.Simd;

/// <summary>One element-wise step of a kernel, written once for every register width.</summary>
/// <remarks>
/// <see cref="Run{T}"/> holds the loop over the registers, and is marked NoInlining: each step and width is
/// then one method compiled on its own, whose invariants (the spans of the state) the JIT may keep out of the
/// loop. A loop calling an inlined step from a small shared method, or a step inlined into the loop of all
/// five widths, left exp and the lane operators as calls, several times slower (measured; the JIT's inlining
/// budget seems to grow with the method it inlines into).
/// </remarks>
/// <typeparam name="TState">The spans the step reads and writes.</typeparam>
internal interface ILaneStep<TState>
    where TState : allows ref struct
{
    /// <summary>
    /// Computes <typeparamref name="T"/>.Count elements at a time from <paramref name="i"/> on while a whole
    /// register fits before <paramref name="n"/>; returns the first element left.
    /// </summary>
    static abstract nuint Run<T>(in TState state, nuint i, nuint n)
        where T : struct, ILane<T>;
}

/// <summary>Runs a step over elements [0, n) on the widest registers <see cref="SimdPolicy"/> allows, the rest narrower.</summary>
internal static class LaneLoop
{
    public static void ForEach<TStep, TState>(in TState state, int count)
        where TStep : struct, ILaneStep<TState>
        where TState : allows ref struct
    {
        var n = (nuint)count;
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            i = TStep.Run<Lane512>(state, i, n);
        }

        if (SimdPolicy.Use256)
        {
            // two registers in step: the math is latency-bound on one
            i = TStep.Run<Lane256x2>(state, i, n);
            i = TStep.Run<Lane256>(state, i, n);
        }

        if (SimdPolicy.Use128)
        {
            i = TStep.Run<Lane128>(state, i, n);
        }

        TStep.Run<Lane1>(state, i, n);
    }
}
