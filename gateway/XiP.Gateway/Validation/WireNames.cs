using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Trades;

namespace XiP.Gateway.Validation;

/// <summary>The accepted spellings of the contract's enumerations (case-insensitive on input).</summary>
public static class WireNames
{
    public static IReadOnlyDictionary<string, OptionKind> OptionTypes { get; } = Map(("call", OptionKind.Call), ("put", OptionKind.Put));

    public static IReadOnlyDictionary<string, AveragingKind> Averaging { get; } = Map(("discrete", AveragingKind.Discrete), ("continuous", AveragingKind.Continuous));

    public static IReadOnlyDictionary<string, SwapDirectionKind> Directions { get; } = Map(("payFixed", SwapDirectionKind.PayFixed), ("receiveFixed", SwapDirectionKind.ReceiveFixed));

    public static IReadOnlyDictionary<string, PaymentFrequency> Frequencies { get; } = Map(
        ("annual", PaymentFrequency.Annual), ("semiannual", PaymentFrequency.Semiannual), ("quarterly", PaymentFrequency.Quarterly), ("monthly", PaymentFrequency.Monthly));

    public static IReadOnlyDictionary<string, CurveInterpolation> Interpolations { get; } = Map(
        ("linear-zero", CurveInterpolation.LinearZero), ("log-linear-discount", CurveInterpolation.LogLinearDiscount));

    public static IReadOnlyDictionary<string, CurveInstrumentKind> InstrumentTypes { get; } = Map(("deposit", CurveInstrumentKind.Deposit), ("swap", CurveInstrumentKind.Swap));

    /// <summary>The measures of the contract (<see cref="Contracts.Measures"/>), any letter case to the contract's spelling.</summary>
    public static IReadOnlyDictionary<string, string> Measures => Contracts.Measures.ByName;

    private static Dictionary<string, T> Map<T>(params (string Name, T Value)[] entries) =>
        entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.OrdinalIgnoreCase);
}
