using System.Runtime.InteropServices;

namespace XiP.Numerics;

/// <summary>
/// Present values of batches of instruments whose cash flows fall on whole days from the valuation
/// date, off a table of discount factors by day (see <see cref="CurveInterpolation.DiscountFactors"/>
/// on the day grid t = d/365). Instruments are laid out back to back: instrument j owns flows
/// <c>offsets[j] .. offsets[j+1]−1</c>.
/// </summary>
/// <remarks>
/// A book priced on one curve shares one table however many instruments it has, so the cost per
/// instrument is a few loads and fused multiply-adds per flow. Flows are summed in their given order
/// with one accumulator, so an instrument's value does not depend on which batch it was priced in.
/// </remarks>
public static class Cashflows
{
    /// <summary>Σ amount·P(day) per instrument.</summary>
    public static void DiscountedSums(ReadOnlySpan<double> discountFactorsByDay, ReadOnlySpan<int> offsets, ReadOnlySpan<int> days, ReadOnlySpan<double> amounts, Span<double> destination)
    {
        var instruments = CheckLayout(offsets, days.Length, amounts.Length, destination.Length);
        ref var df = ref MemoryMarshal.GetReference(discountFactorsByDay);
        var tableLength = discountFactorsByDay.Length;
        for (var j = 0; j < instruments; j++)
        {
            var sum = 0.0;
            for (var k = offsets[j]; k < offsets[j + 1]; k++)
            {
                var day = days[k];
                if ((uint)day >= (uint)tableLength)
                {
                    ThrowDayOutsideTable(day, tableLength);
                }

                sum = Math.FusedMultiplyAdd(amounts[k], System.Runtime.CompilerServices.Unsafe.Add(ref df, day), sum);
            }

            destination[j] = sum;
        }
    }

    /// <summary>
    /// Floating legs projected off the same curve: period k pays N·F·τ at its end, with
    /// F = (P(start)/P(end) − 1)/τ, or F = <paramref name="fixedRates"/>[k] where that is not NaN (a rate
    /// already fixed). Σ per instrument.
    /// </summary>
    public static void ProjectedFloatingSums(
        ReadOnlySpan<double> discountFactorsByDay,
        ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> startDays,
        ReadOnlySpan<int> endDays,
        ReadOnlySpan<double> accruals,
        ReadOnlySpan<double> notionals,
        ReadOnlySpan<double> fixedRates,
        Span<double> destination)
    {
        var instruments = CheckLayout(offsets, startDays.Length, endDays.Length, destination.Length);
        if (accruals.Length != startDays.Length || notionals.Length != startDays.Length || fixedRates.Length != startDays.Length)
        {
            throw new ArgumentException("Every period column must have one entry per period.");
        }

        var tableLength = discountFactorsByDay.Length;
        for (var j = 0; j < instruments; j++)
        {
            var sum = 0.0;
            for (var k = offsets[j]; k < offsets[j + 1]; k++)
            {
                var end = endDays[k];
                if ((uint)end >= (uint)tableLength)
                {
                    ThrowDayOutsideTable(end, tableLength);
                }

                var endDf = discountFactorsByDay[end];
                var accrual = accruals[k];
                var forward = fixedRates[k];
                if (double.IsNaN(forward))
                {
                    var start = startDays[k];
                    if ((uint)start >= (uint)tableLength)
                    {
                        ThrowDayOutsideTable(start, tableLength);
                    }

                    forward = (discountFactorsByDay[start] / endDf - 1.0) / accrual;
                }

                sum = Math.FusedMultiplyAdd(notionals[k] * forward * accrual, endDf, sum);
            }

            destination[j] = sum;
        }
    }

    private static int CheckLayout(ReadOnlySpan<int> offsets, int flowsA, int flowsB, int destinationLength)
    {
        if (offsets.IsEmpty || offsets[0] != 0 || offsets[^1] != flowsA || flowsA != flowsB)
        {
            throw new ArgumentException("offsets must start at 0 and end at the number of flows, and every flow column must have one entry per flow.", nameof(offsets));
        }

        for (var j = 1; j < offsets.Length; j++)
        {
            if (offsets[j] < offsets[j - 1])
            {
                throw new ArgumentException("offsets must not decrease.", nameof(offsets));
            }
        }

        var instruments = offsets.Length - 1;
        if (destinationLength < instruments)
        {
            throw new ArgumentException("Destination is too short.", "destination");
        }

        return instruments;
    }

    private static void ThrowDayOutsideTable(int day, int length) =>
        throw new ArgumentOutOfRangeException(nameof(day), day, $"A flow falls on day {day}, outside the discount-factor table of {length} days.");
}
