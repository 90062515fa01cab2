using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace XiP.Numerics.Simd;

/// <summary>
/// The normal CDF over a batch, with the arguments sorted by range before evaluating: near zero N needs
/// no exponential and only Cody's small rational, elsewhere the middle rational and an exponential, and a
/// register that mixes both ranges would pay for both. Each element gets the same bits as
/// <see cref="LaneMath.NormalCdf{T}"/> gives it alone.
/// </summary>
internal static class RangeSortedNormalCdf
{
    // Arguments sorted per chunk, so the sorted copies stay in L1 with the results they become.
    private const int Chunk = 256;
    private const int Padding = 8;

    // vpermps indices per 4-bit lane mask: the masked lanes' doubles first, in order, then the others
    private static ReadOnlySpan<int> PackIndices =>
    [
        0, 1, 2, 3, 4, 5, 6, 7,
        0, 1, 2, 3, 4, 5, 6, 7,
        2, 3, 0, 1, 4, 5, 6, 7,
        0, 1, 2, 3, 4, 5, 6, 7,
        4, 5, 0, 1, 2, 3, 6, 7,
        0, 1, 4, 5, 2, 3, 6, 7,
        2, 3, 4, 5, 0, 1, 6, 7,
        0, 1, 2, 3, 4, 5, 6, 7,
        6, 7, 0, 1, 2, 3, 4, 5,
        0, 1, 6, 7, 2, 3, 4, 5,
        2, 3, 6, 7, 0, 1, 4, 5,
        0, 1, 2, 3, 6, 7, 4, 5,
        4, 5, 6, 7, 0, 1, 2, 3,
        0, 1, 4, 5, 6, 7, 2, 3,
        2, 3, 4, 5, 6, 7, 0, 1,
        0, 1, 2, 3, 4, 5, 6, 7,
    ];

    // vpermps indices per 4-bit lane mask: each lane takes the element at its rank among the lanes of
    // its own kind, so one index vector spreads both the near and the away results back
    private static ReadOnlySpan<int> SpreadIndices =>
    [
        0, 1, 2, 3, 4, 5, 6, 7,
        0, 1, 0, 1, 2, 3, 4, 5,
        0, 1, 0, 1, 2, 3, 4, 5,
        0, 1, 2, 3, 0, 1, 2, 3,
        0, 1, 2, 3, 0, 1, 4, 5,
        0, 1, 0, 1, 2, 3, 2, 3,
        0, 1, 0, 1, 2, 3, 2, 3,
        0, 1, 2, 3, 4, 5, 0, 1,
        0, 1, 2, 3, 4, 5, 0, 1,
        0, 1, 0, 1, 2, 3, 2, 3,
        0, 1, 0, 1, 2, 3, 2, 3,
        0, 1, 2, 3, 0, 1, 4, 5,
        0, 1, 2, 3, 0, 1, 2, 3,
        0, 1, 0, 1, 2, 3, 4, 5,
        0, 1, 0, 1, 2, 3, 4, 5,
        0, 1, 2, 3, 4, 5, 6, 7,
    ];

    /// <summary>Whether this machine and thread run the sorted evaluation (otherwise the caller evaluates lane by lane).</summary>
    public static bool IsSupported => Avx2.IsSupported && SimdPolicy.Use256;

    /// <summary>N of every element of <paramref name="x"/> into <paramref name="destination"/>, which may be the same span.</summary>
    [SkipLocalsInit]
    public static void Evaluate(ReadOnlySpan<double> x, Span<double> destination)
    {
        var near = Scratch.Aligned(stackalloc double[Chunk + Padding + Scratch.AlignmentSlack]);
        var away = Scratch.Aligned(stackalloc double[Chunk + Padding + Scratch.AlignmentSlack]);
        Span<byte> masks = stackalloc byte[Chunk / 4];
        for (var start = 0; start < x.Length; start += Chunk)
        {
            var count = Math.Min(Chunk, x.Length - start);
            var vectors = count / 4;
            Sort(x.Slice(start, vectors * 4), near, away, masks, out var nearCount, out var awayCount);
            for (var i = 0; i < nearCount; i += Lane256x2.Count)
            {
                Lane256x2.Store(LaneMath.NormalCdfNearZero(Lane256x2.Load(ref near[0], (nuint)i)), ref near[0], (nuint)i);
            }

            for (var i = 0; i < awayCount; i += Lane256x2.Count)
            {
                Lane256x2.Store(LaneMath.NormalCdfAwayFromZero(Lane256x2.Load(ref away[0], (nuint)i), out _), ref away[0], (nuint)i);
            }

            Spread(near, away, masks[..vectors], destination.Slice(start, vectors * 4));
            for (var i = start + (vectors * 4); i < start + count; i++)
            {
                destination[i] = LaneMath.NormalCdf(Lane1.Broadcast(x[i])).Value;
            }
        }
    }

    // Left-packs near-zero arguments into `near` and the others into `away`, keeping each vector's lane
    // mask; the padding after each gets a value of its own range, so whole registers can be evaluated.
    private static void Sort(ReadOnlySpan<double> x, Span<double> near, Span<double> away, Span<byte> masks, out int nearCount, out int awayCount)
    {
        ref var source = ref MemoryMarshal.GetReference(x);
        ref var nearStart = ref MemoryMarshal.GetReference(near);
        ref var awayStart = ref MemoryMarshal.GetReference(away);
        ref var packIndices = ref MemoryMarshal.GetReference(PackIndices);
        nuint nearAt = 0, awayAt = 0;
        for (var v = 0; v < x.Length / 4; v++)
        {
            var value = Lane256.Load(ref source, (nuint)(4 * v));
            var mask = (int)LaneMath.IsNormalCdfNearZero(value).Value.ExtractMostSignificantBits();
            masks[v] = (byte)mask;
            var floats = value.Value.AsSingle();
            Avx2.PermuteVar8x32(floats, Vector256.LoadUnsafe(ref packIndices, (nuint)(8 * mask))).AsDouble().StoreUnsafe(ref nearStart, nearAt);
            Avx2.PermuteVar8x32(floats, Vector256.LoadUnsafe(ref packIndices, (nuint)(8 * (~mask & 15)))).AsDouble().StoreUnsafe(ref awayStart, awayAt);
            var nearLanes = (nuint)BitOperations.PopCount((uint)mask);
            nearAt += nearLanes;
            awayAt += 4 - nearLanes;
        }

        Vector256<double>.Zero.StoreUnsafe(ref nearStart, nearAt);
        Vector256<double>.Zero.StoreUnsafe(ref nearStart, nearAt + 4);
        Vector256.Create(1.0).StoreUnsafe(ref awayStart, awayAt);
        Vector256.Create(1.0).StoreUnsafe(ref awayStart, awayAt + 4);
        nearCount = (int)nearAt;
        awayCount = (int)awayAt;
    }

    // The inverse of Sort: every vector's lanes from the two result lists, by its saved mask.
    private static void Spread(ReadOnlySpan<double> near, ReadOnlySpan<double> away, ReadOnlySpan<byte> masks, Span<double> destination)
    {
        ref var nearStart = ref MemoryMarshal.GetReference(near);
        ref var awayStart = ref MemoryMarshal.GetReference(away);
        ref var target = ref MemoryMarshal.GetReference(destination);
        ref var spreadIndices = ref MemoryMarshal.GetReference(SpreadIndices);
        var laneBits = Vector256.Create(1L, 2L, 4L, 8L);
        nuint nearAt = 0, awayAt = 0;
        for (var v = 0; v < masks.Length; v++)
        {
            int mask = masks[v];
            var indices = Vector256.LoadUnsafe(ref spreadIndices, (nuint)(8 * mask));
            var fromNear = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref nearStart, nearAt).AsSingle(), indices).AsDouble();
            var fromAway = Avx2.PermuteVar8x32(Vector256.LoadUnsafe(ref awayStart, awayAt).AsSingle(), indices).AsDouble();
            var isNear = Vector256.Equals(Vector256.Create((long)mask) & laneBits, laneBits).AsDouble();
            Lane256.Select(isNear, fromNear, fromAway).StoreUnsafe(ref target, (nuint)(4 * v));
            var nearLanes = (nuint)BitOperations.PopCount((uint)mask);
            nearAt += nearLanes;
            awayAt += 4 - nearLanes;
        }
    }
}
