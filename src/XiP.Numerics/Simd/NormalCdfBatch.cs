using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace XiP.Numerics.Simd;

/// <summary>
/// The normal CDF over a batch. Near zero N is a short polynomial, elsewhere it takes an exponential and a
/// rational, and a register that mixed both ranges would pay for both. So one pass evaluates the polynomial on
/// every element and lists the elements away from zero; those are evaluated together, packed into whole
/// registers, and written over their places. Each element gets the same bits as
/// <see cref="LaneMath.NormalCdf{T}"/> gives it alone.
/// </summary>
internal static class NormalCdfBatch
{
    // Elements per chunk: the packed list stays in L1 with the results it is written back to.
    private const int Chunk = 256;

    /// <summary>N of every element of <paramref name="x"/> into <paramref name="destination"/>, which may be the same span.</summary>
    [SkipLocalsInit]
    public static void Evaluate(ReadOnlySpan<double> x, Span<double> destination)
    {
        var away = Scratch.Aligned(stackalloc double[Chunk + Scratch.AlignmentSlack])[..Chunk];
        Span<int> awayIndex = stackalloc int[Chunk];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, x.Length - start);
            var target = destination.Slice(start, count);
            var awayCount = 0;
            LaneLoop.ForEach<NearZero, NearZeroPass>(new NearZeroPass(x.Slice(start, count), target, away, awayIndex, ref awayCount), count);

            var packed = away[..awayCount];
            LaneLoop.ForEach<AwayFromZero, Column>(new Column(packed), awayCount);
            for (var k = 0; k < packed.Length; k++)
            {
                target[awayIndex[k]] = packed[k];
            }
        }
    }

    private readonly ref struct NearZeroPass(ReadOnlySpan<double> x, Span<double> destination, Span<double> away, Span<int> awayIndex, ref int awayCount)
    {
        public readonly ref int AwayCount = ref awayCount;

        public ReadOnlySpan<double> X { get; } = x;

        public Span<double> Destination { get; } = destination;

        /// <summary>The arguments away from zero, in order.</summary>
        public Span<double> Away { get; } = away;

        /// <summary>Where each of <see cref="Away"/> came from.</summary>
        public Span<int> AwayIndex { get; } = awayIndex;
    }

    private readonly ref struct Column(Span<double> values)
    {
        public Span<double> Values { get; } = values;
    }

    private struct NearZero : ILaneStep<NearZeroPass>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in NearZeroPass p, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            ref var x = ref MemoryMarshal.GetReference(p.X);
            ref var destination = ref MemoryMarshal.GetReference(p.Destination);
            ref var away = ref MemoryMarshal.GetReference(p.Away);
            ref var awayIndex = ref MemoryMarshal.GetReference(p.AwayIndex);
            var listed = p.AwayCount;
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                var value = T.Load(ref x, i);
                // NaN is not near zero: it goes with the far lanes, as in LaneMath.NormalCdf
                var awayLanes = ~T.MaskBits(LaneMath.IsNormalCdfNearZero(value)) & ((1 << T.Count) - 1);
                // listed before the store below, which may overwrite x
                if (awayLanes == (1 << T.Count) - 1)
                {
                    // the whole register, as in a book far from the money
                    T.Store(value, ref away, (nuint)listed);
                    for (var j = 0; j < T.Count; j++)
                    {
                        Unsafe.Add(ref awayIndex, listed + j) = (int)i + j;
                    }

                    listed += T.Count;
                    awayLanes = 0;
                }

                while (awayLanes != 0)
                {
                    var at = i + (nuint)BitOperations.TrailingZeroCount(awayLanes);
                    Unsafe.Add(ref away, listed) = Unsafe.Add(ref x, at);
                    Unsafe.Add(ref awayIndex, listed) = (int)at;
                    listed++;
                    awayLanes &= awayLanes - 1;
                }

                T.Store(LaneMath.NormalCdfNearZero(value), ref destination, i);
            }

            p.AwayCount = listed;
            return i;
        }
    }

    private struct AwayFromZero : ILaneStep<Column>
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static nuint Run<T>(in Column c, nuint i, nuint n)
            where T : struct, ILane<T>
        {
            ref var values = ref MemoryMarshal.GetReference(c.Values);
            for (; i + (nuint)T.Count <= n; i += (nuint)T.Count)
            {
                T.Store(LaneMath.InlinedNormalCdfAwayFromZero(T.Load(ref values, i)), ref values, i);
            }

            return i;
        }
    }
}
