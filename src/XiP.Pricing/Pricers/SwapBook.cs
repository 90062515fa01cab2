using XiP.Numerics;

namespace XiP.Pricing.Pricers;

/// <summary>
/// Many resolved swaps laid out back to back for the cash-flow kernels, so a book on one curve is
/// valued with one discount table and two kernel calls, whatever its size.
/// </summary>
public sealed class SwapBook
{
    private readonly int[] _fixedOffsets;
    private readonly int[] _fixedDays;
    private readonly double[] _annuityAmounts;
    private readonly int[] _floatOffsets;
    private readonly int[] _floatStart;
    private readonly int[] _floatEnd;
    private readonly double[] _floatAccruals;
    private readonly double[] _floatNotionals;
    private readonly double[] _floatFixings;

    public SwapBook(IReadOnlyList<ResolvedSwap> swaps)
    {
        Swaps = swaps;
        var fixedCount = swaps.Sum(s => s.FixedPayDays.Length);
        var floatCount = swaps.Sum(s => s.FloatEndDays.Length);
        _fixedOffsets = new int[swaps.Count + 1];
        _floatOffsets = new int[swaps.Count + 1];
        _fixedDays = new int[fixedCount];
        _annuityAmounts = new double[fixedCount];
        _floatStart = new int[floatCount];
        _floatEnd = new int[floatCount];
        _floatAccruals = new double[floatCount];
        _floatNotionals = new double[floatCount];
        _floatFixings = new double[floatCount];
        int f = 0, g = 0;
        for (var j = 0; j < swaps.Count; j++)
        {
            var swap = swaps[j];
            for (var k = 0; k < swap.FixedPayDays.Length; k++, f++)
            {
                _fixedDays[f] = swap.FixedPayDays[k];
                _annuityAmounts[f] = swap.Notional * swap.FixedAccruals[k];
            }

            for (var k = 0; k < swap.FloatEndDays.Length; k++, g++)
            {
                _floatStart[g] = swap.FloatStartDays[k];
                _floatEnd[g] = swap.FloatEndDays[k];
                _floatAccruals[g] = swap.FloatAccruals[k];
                _floatNotionals[g] = swap.Notional;
                _floatFixings[g] = swap.FloatFixings[k];
            }

            _fixedOffsets[j + 1] = f;
            _floatOffsets[j + 1] = g;
            LastDay = Math.Max(LastDay, swap.LastDay);
        }
    }

    public IReadOnlyList<ResolvedSwap> Swaps { get; }

    /// <summary>The last day a discount factor is needed for; tables must have <c>LastDay + 1</c> entries.</summary>
    public int LastDay { get; }

    /// <summary>Per swap: the fixed-leg annuity N·Σ τ·P and the floating leg's value, off a table of discount factors by day.</summary>
    public void LegValues(ReadOnlySpan<double> discountFactorsByDay, Span<double> annuities, Span<double> floatingLegs)
    {
        Cashflows.DiscountedSums(discountFactorsByDay, _fixedOffsets, _fixedDays, _annuityAmounts, annuities);
        Cashflows.ProjectedFloatingSums(discountFactorsByDay, _floatOffsets, _floatStart, _floatEnd, _floatAccruals, _floatNotionals, _floatFixings, floatingLegs);
    }

    /// <summary>The value of each swap to its holder: float − fixed for a payer, the opposite for a receiver.</summary>
    public void PresentValues(ReadOnlySpan<double> discountFactorsByDay, Span<double> annuities, Span<double> floatingLegs, Span<double> destination)
    {
        LegValues(discountFactorsByDay, annuities, floatingLegs);
        for (var j = 0; j < Swaps.Count; j++)
        {
            destination[j] = Swaps[j].Sign * (floatingLegs[j] - Swaps[j].FixedRate * annuities[j]);
        }
    }
}
