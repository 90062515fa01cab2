using System.Text.Json;
using XiP.Abstractions;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Contracts;
using Rest = XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>
/// The accepted spellings of the contract's enumerations (case-insensitive on input), each to the grains' value. The
/// spellings are the contract enums' own (as <see cref="ContractJson"/> writes them), so what the gateway writes it reads back.
/// </summary>
public static class WireNames
{
    public static IReadOnlyDictionary<string, OptionKind> OptionTypes { get; } = Spelled<Rest.Trades.OptionType, OptionKind>();

    public static IReadOnlyDictionary<string, AveragingKind> Averaging { get; } = Spelled<Rest.Trades.Averaging, AveragingKind>();

    public static IReadOnlyDictionary<string, SwapDirectionKind> Directions { get; } = Spelled<Rest.Trades.SwapDirection, SwapDirectionKind>();

    public static IReadOnlyDictionary<string, PaymentFrequency> Frequencies { get; } = Spelled<Rest.Trades.Frequency, PaymentFrequency>();

    public static IReadOnlyDictionary<string, CurveInterpolation> Interpolations { get; } = Spelled<Rest.Markets.Interpolation, CurveInterpolation>();

    public static IReadOnlyDictionary<string, CurveInstrumentKind> InstrumentTypes { get; } = Spelled<Rest.Markets.InstrumentType, CurveInstrumentKind>();

    public static IReadOnlyDictionary<string, ShiftKind> ShiftKinds { get; } = Spelled<Rest.Scenarios.ShiftType, ShiftKind>();

    /// <summary>The measures of the contract (<see cref="Contracts.Measures"/>), any letter case to the contract's spelling.</summary>
    public static IReadOnlyDictionary<string, string> Measures => Contracts.Measures.ByName;

    /// <summary>How the contract spells <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, ContractJson.Options).Trim('"');

    private static Dictionary<string, TDomain> Spelled<TContract, TDomain>()
        where TContract : struct, Enum
        where TDomain : struct, Enum =>
        Enum.GetValues<TContract>().ToDictionary(Of, SameName<TContract, TDomain>.Of, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// An enum value to the member of the same name in another enum: the contract's enums and the grains' name the same
/// members. A member missing on either side fails the first use of the pair (the contract mapping tests use each).
/// </summary>
public static class SameName<TFrom, TTo>
    where TFrom : struct, Enum
    where TTo : struct, Enum
{
    private static readonly Dictionary<TFrom, TTo> Map = Enum.GetNames<TFrom>().Length == Enum.GetNames<TTo>().Length
        ? Enum.GetValues<TFrom>().ToDictionary(v => v, v => Enum.Parse<TTo>(v.ToString()))
        : throw new InvalidOperationException($"{typeof(TFrom).FullName} and {typeof(TTo).FullName} must name the same members.");

    public static TTo Of(TFrom value) => Map[value];
}
