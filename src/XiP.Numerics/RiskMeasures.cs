namespace XiP.Numerics;

/// <summary>
/// Historical-simulation value at risk and expected shortfall of a P&amp;L vector: one value per
/// scenario, profits positive and losses negative.
/// </summary>
/// <remarks>
/// <para>
/// The definition is the one banks use for historical simulation. Sort the N scenario P&amp;Ls
/// ascending, worst first: pnl₍₁₎ ≤ pnl₍₂₎ ≤ … ≤ pnl₍N₎. At confidence α the tail holds
/// k = ⌈(1 − α)·N⌉ scenarios, at least 1 (see <see cref="TailCount"/>). Then
/// VaR = −pnl₍k₎, the k-th worst outcome, and ES = −(pnl₍₁₎ + … + pnl₍k₎)/k, the mean of the k worst.
/// Both are reported as positive numbers for losses (a tail of profits gives negative values), and
/// ES ≥ VaR. For example with 250 scenarios at 99%, k = ⌈2.5⌉ = 3: VaR is the third worst loss and
/// ES the mean of the three worst.
/// </para>
/// <para>
/// The results are deterministic: they depend only on the multiset of input values, not on their
/// order. The tail is summed in sorted order, worst first, and −0 is taken as +0 so the unstable
/// sort cannot place zeros of different sign differently. Ties and duplicates are fine; NaN is
/// rejected, infinities are taken as they come.
/// </para>
/// <para>
/// Nothing is allocated: the P&amp;L is copied into the caller's scratch span and sorted there with
/// <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. On return <c>scratch[..N]</c> holds the P&amp;L in
/// ascending order.
/// </para>
/// </remarks>
public static class RiskMeasures
{
    /// <summary>Historical VaR at <paramref name="confidence"/>: −pnl₍k₎, the k-th worst P&amp;L (see the remarks on <see cref="RiskMeasures"/>).</summary>
    /// <param name="profitAndLoss">one P&amp;L per scenario, profits positive; at least one, no NaN.</param>
    /// <param name="confidence">the confidence level α, strictly between 0 and 1 (e.g. 0.99).</param>
    /// <param name="scratch">at least as long as <paramref name="profitAndLoss"/>; overwritten with the sorted P&amp;L.</param>
    /// <exception cref="ArgumentException">An argument is out of range, <paramref name="scratch"/> is too short or an input is NaN.</exception>
    public static double ValueAtRisk(ReadOnlySpan<double> profitAndLoss, double confidence, Span<double> scratch)
    {
        var k = SortTail(profitAndLoss, confidence, scratch);
        return Loss(scratch[k - 1]);
    }

    /// <summary>Historical expected shortfall at <paramref name="confidence"/>: minus the mean of the k worst P&amp;Ls (see the remarks on <see cref="RiskMeasures"/>).</summary>
    /// <param name="profitAndLoss">one P&amp;L per scenario, profits positive; at least one, no NaN.</param>
    /// <param name="confidence">the confidence level α, strictly between 0 and 1 (e.g. 0.975).</param>
    /// <param name="scratch">at least as long as <paramref name="profitAndLoss"/>; overwritten with the sorted P&amp;L.</param>
    /// <exception cref="ArgumentException">An argument is out of range, <paramref name="scratch"/> is too short or an input is NaN.</exception>
    public static double ExpectedShortfall(ReadOnlySpan<double> profitAndLoss, double confidence, Span<double> scratch)
    {
        var k = SortTail(profitAndLoss, confidence, scratch);
        return Loss(TailMean(scratch, k));
    }

    /// <summary>
    /// Historical VaR and expected shortfall at <paramref name="confidence"/> from one sort; the same
    /// bits as <see cref="ValueAtRisk"/> and <see cref="ExpectedShortfall"/>.
    /// </summary>
    /// <param name="profitAndLoss">one P&amp;L per scenario, profits positive; at least one, no NaN.</param>
    /// <param name="confidence">the confidence level α, strictly between 0 and 1.</param>
    /// <param name="scratch">at least as long as <paramref name="profitAndLoss"/>; overwritten with the sorted P&amp;L.</param>
    /// <exception cref="ArgumentException">An argument is out of range, <paramref name="scratch"/> is too short or an input is NaN.</exception>
    public static (double ValueAtRisk, double ExpectedShortfall) VarAndEs(ReadOnlySpan<double> profitAndLoss, double confidence, Span<double> scratch)
    {
        var k = SortTail(profitAndLoss, confidence, scratch);
        return (Loss(scratch[k - 1]), Loss(TailMean(scratch, k)));
    }

    /// <summary>
    /// k = ⌈(1 − <paramref name="confidence"/>)·<paramref name="scenarioCount"/>⌉, clamped to
    /// 1 … <paramref name="scenarioCount"/>: how many of the worst scenarios make the tail.
    /// </summary>
    /// <remarks>
    /// In binary floating point (1 − 0.99)·100 is 1.0000000000000009, whose ceiling would be 2.
    /// So the tail is computed in decimal from the confidence as written, to 15 significant digits:
    /// (1 − 0.99)·100 is exactly 1, (1 − 0.95)·100 exactly 5 and (1 − 0.99)·250 exactly 2.5.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="scenarioCount"/> is below 1 or <paramref name="confidence"/> is not strictly between 0 and 1.</exception>
    public static int TailCount(int scenarioCount, double confidence)
    {
        if (scenarioCount < 1)
        {
            ThrowScenarioCountNotPositive(scenarioCount);
        }

        CheckConfidence(confidence);
        // (decimal)double keeps 15 significant digits, so 0.99 becomes exactly 0.99m.
        var tail = (1m - (decimal)confidence) * scenarioCount;
        var k = decimal.Ceiling(tail);
        return k < 1m ? 1 : k > scenarioCount ? scenarioCount : (int)k;
    }

    // Validates, copies the P&L into scratch (−0 as +0), sorts it ascending and returns k.
    private static int SortTail(ReadOnlySpan<double> profitAndLoss, double confidence, Span<double> scratch)
    {
        var n = profitAndLoss.Length;
        if (n == 0)
        {
            ThrowNoScenarios();
        }

        var k = TailCount(n, confidence);
        if (scratch.Length < n)
        {
            ThrowScratchTooShort();
        }

        var sorted = scratch[..n];
        for (var i = 0; i < n; i++)
        {
            var value = profitAndLoss[i];
            if (double.IsNaN(value))
            {
                ThrowNaN(i);
            }

            sorted[i] = value == 0.0 ? 0.0 : value;
        }

        sorted.Sort();
        return k;
    }

    // The mean of the k worst, summed worst first.
    private static double TailMean(ReadOnlySpan<double> sorted, int k)
    {
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            sum += sorted[i];
        }

        return sum / k;
    }

    // A P&L as a loss: 0 − x rather than −x, so a zero P&L is a loss of +0, never −0.
    private static double Loss(double profitAndLoss) => 0.0 - profitAndLoss;

    private static void CheckConfidence(double confidence)
    {
        // written so that NaN fails too
        if (!(confidence > 0.0 && confidence < 1.0))
        {
            ThrowConfidenceOutOfRange(confidence);
        }
    }

    private static void ThrowNoScenarios() =>
        throw new ArgumentException("At least one scenario is needed.", "profitAndLoss");

    private static void ThrowScenarioCountNotPositive(int scenarioCount) =>
        throw new ArgumentOutOfRangeException(nameof(scenarioCount), scenarioCount, "At least one scenario is needed.");

    private static void ThrowConfidenceOutOfRange(double confidence) =>
        throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must be strictly between 0 and 1.");

    private static void ThrowScratchTooShort() =>
        throw new ArgumentException("Scratch is shorter than the P&L.", "scratch");

    private static void ThrowNaN(int index) =>
        throw new ArgumentException($"profitAndLoss[{index}] is NaN.", "profitAndLoss");
}
