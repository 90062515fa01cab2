using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using XiP.Numerics.Simd;

namespace XiP.Numerics;

/// <summary>
/// Column sums of row-major matrices (trades × scenarios) and the element-wise steps of P&amp;L
/// vectors, vectorised across columns.
/// </summary>
/// <remarks>
/// <para>
/// Floating-point addition is not associative, so a total is only reproducible to the bit if its
/// terms are always added in the same order. Every sum here adds the rows strictly in row order
/// r = 0, 1, 2, … starting from +0, one column per lane: vector registers split the
/// <em>columns</em>, never the rows, so each column's result is the same bits whatever register width
/// (see <see cref="ILane{TSelf}"/>) or column split computed it, and the same bits as the plain loop
/// <c>sum = 0; for r: sum += matrix[r, c]</c>.
/// </para>
/// <para>
/// That is also why no pairwise (tree) or Kahan-style summation is used: those change the order, and
/// with it the bits, as soon as the rows arrive in different batches. Totals are bit-identical across
/// batch splits only if the caller adds the rows in one fixed order (for example by trade index):
/// <see cref="SumRows"/> over a first batch of rows followed by <see cref="AccumulateRow"/> for each
/// later row, in that order, gives exactly the bits of <see cref="SumRows"/> over all rows at once.
/// Adding the same rows in another order (for example batches in arrival order) may not.
/// </para>
/// </remarks>
public static class Aggregation
{
    // The most columns summed per pass over the rows: a strip of the destination this wide (32 KiB)
    // stays in cache while the rows stream past. Scenario counts up to this are one sequential pass.
    private const int MaxStripColumns = 4096;

    /// <summary>
    /// destination[c] = Σᵣ matrix[r, c] for the row-major <paramref name="matrix"/> of
    /// <c>matrix.Length / columns</c> rows, added in row order from +0 (see the remarks on <see cref="Aggregation"/>).
    /// </summary>
    /// <param name="matrix">rows × <paramref name="columns"/> values, row after row.</param>
    /// <param name="columns">values per row; at least 1, and <paramref name="matrix"/>'s length a multiple of it.</param>
    /// <param name="destination">receives the column sums in its first <paramref name="columns"/> elements
    /// (zeros when there are no rows); any further elements are left alone.</param>
    /// <exception cref="ArgumentException">The shape is inconsistent or <paramref name="destination"/> is too short.</exception>
    public static void SumRows(ReadOnlySpan<double> matrix, int columns, Span<double> destination)
    {
        if (columns <= 0)
        {
            ThrowColumnsNotPositive(columns);
        }

        if (matrix.Length % columns != 0)
        {
            ThrowNotWholeRows();
        }

        Checks.Destination(destination, columns);
        destination[..columns].Clear();

        var rows = (nuint)(matrix.Length / columns);
        var width = (nuint)columns;
        // Balanced strips, each a whole number of the widest register, so no strip is a thin remainder.
        var strips = (columns - 1) / MaxStripColumns + 1;
        var stripWidth = (nuint)((((columns - 1) / strips + 1) + 7) & ~7);
        bool use512 = SimdPolicy.Use512, use256 = SimdPolicy.Use256, use128 = SimdPolicy.Use128;
        ref var m = ref MemoryMarshal.GetReference(matrix);
        ref var d = ref MemoryMarshal.GetReference(destination);
        for (nuint first = 0; first < width; first += stripWidth)
        {
            var count = Math.Min(stripWidth, width - first);
            ref var sums = ref Unsafe.Add(ref d, first);
            for (nuint r = 0; r < rows; r++)
            {
                Accumulate(ref Unsafe.Add(ref m, r * width + first), ref sums, count, use512, use256, use128);
            }
        }
    }

    /// <summary>
    /// accumulator[c] += row[c] for every column of <paramref name="row"/>: one step of a streaming
    /// column sum. Called for each row in one fixed order from a zeroed accumulator, it gives the same
    /// bits as <see cref="SumRows"/> over those rows.
    /// </summary>
    /// <param name="row">one row of values.</param>
    /// <param name="accumulator">running sums; its first <c>row.Length</c> elements are updated, any further ones left alone.</param>
    /// <exception cref="ArgumentException"><paramref name="accumulator"/> is shorter than <paramref name="row"/>.</exception>
    public static void AccumulateRow(ReadOnlySpan<double> row, Span<double> accumulator)
    {
        if (accumulator.Length < row.Length)
        {
            ThrowAccumulatorTooShort();
        }

        Accumulate(
            ref MemoryMarshal.GetReference(row),
            ref MemoryMarshal.GetReference(accumulator),
            (nuint)row.Length,
            SimdPolicy.Use512,
            SimdPolicy.Use256,
            SimdPolicy.Use128);
    }

    /// <summary>
    /// destination[i] = values[i] − <paramref name="baseValue"/>: a P&amp;L vector from revalued
    /// scenario values and the base value. <paramref name="destination"/> may be <paramref name="values"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="values"/>.</exception>
    public static void Subtract(ReadOnlySpan<double> values, double baseValue, Span<double> destination)
    {
        Checks.Destination(destination, values.Length);
        var n = (nuint)values.Length;
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var d = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        if (SimdPolicy.Use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Difference<Lane512>(ref v, baseValue, ref d, i);
            }
        }

        if (SimdPolicy.Use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Difference<Lane256x2>(ref v, baseValue, ref d, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                Difference<Lane256>(ref v, baseValue, ref d, i);
            }
        }

        if (SimdPolicy.Use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Difference<Lane128>(ref v, baseValue, ref d, i);
            }
        }

        for (; i < n; i++)
        {
            Difference<Lane1>(ref v, baseValue, ref d, i);
        }
    }

    // sums[c] += row[c] for c < n, widest registers first; each element is one correctly rounded add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double row, ref double sums, nuint n, bool use512, bool use256, bool use128)
    {
        nuint i = 0;
        if (use512)
        {
            for (; i + 8 <= n; i += 8)
            {
                Add<Lane512>(ref row, ref sums, i);
            }
        }

        if (use256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Add<Lane256x2>(ref row, ref sums, i);
            }

            for (; i + 4 <= n; i += 4)
            {
                Add<Lane256>(ref row, ref sums, i);
            }
        }

        if (use128)
        {
            for (; i + 2 <= n; i += 2)
            {
                Add<Lane128>(ref row, ref sums, i);
            }
        }

        for (; i < n; i++)
        {
            Add<Lane1>(ref row, ref sums, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<T>(ref double row, ref double sums, nuint i)
        where T : struct, ILane<T> => T.Store(T.Load(ref sums, i) + T.Load(ref row, i), ref sums, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Difference<T>(ref double values, double baseValue, ref double destination, nuint i)
        where T : struct, ILane<T> => T.Store(T.Load(ref values, i) - T.Broadcast(baseValue), ref destination, i);

    private static void ThrowColumnsNotPositive(int columns) =>
        throw new ArgumentOutOfRangeException(nameof(columns), columns, "A matrix needs at least one column.");

    private static void ThrowNotWholeRows() =>
        throw new ArgumentException("The matrix length is not a whole number of rows of the given column count.", "matrix");

    private static void ThrowAccumulatorTooShort() =>
        throw new ArgumentException("Accumulator is shorter than the row.", "accumulator");
}
