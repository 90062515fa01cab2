namespace XiP.Numerics.Simd;

/// <summary>One element-wise step of a kernel, written once for every register width.</summary>
/// <remarks>
/// Mark <see cref="Run{T}"/> NoInlining when it is more than a few operations: inlined into the loop for
/// all five widths, the step's own inlinees (exp, the lane operators) exceed the JIT's inlining budget and
/// stop being inlined, several times slower (measured).
/// </remarks>
/// <typeparam name="TState">The spans the step reads and writes.</typeparam>
internal interface ILaneStep<TState>
    where TState : allows ref struct
{
    /// <summary>Computes the <typeparamref name="T"/>.Count elements starting at <paramref name="i"/>.</summary>
    static abstract void Run<T>(in TState state, nuint i)
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
            for (; i + 8 <= n; i += 8)
            {
                TStep.Run<Lane512>(state, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            // two registers in step: the math is latency-bound on one
            for (; i + 8 <= n; i += 8)
            {
                TStep.Run<Lane256x2>(state, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                TStep.Run<Lane256>(state, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                TStep.Run<Lane128>(state, i);
            }
        }

        for (; i < n; i++)
        {
            TStep.Run<Lane1>(state, i);
        }
    }
}
