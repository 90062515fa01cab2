using System.Text.Json.Serialization;
using XiP.Contracts.Trades;

namespace XiP.Contracts.Markets;

/// <summary>A market-data snapshot as a client quotes it (<c>PUT /v1/market-data/{snapshotId}</c>).</summary>
public sealed record MarketData
{
    public required DateOnly ValuationDate { get; init; }

    public IReadOnlyDictionary<string, Curve> Curves { get; init; } = new Dictionary<string, Curve>();

    public IReadOnlyDictionary<string, Equity> Equities { get; init; } = new Dictionary<string, Equity>();
}

/// <summary>
/// A curve as quoted: either <see cref="FlatRate"/>, or <see cref="Pillars"/> of zero rates, or
/// <see cref="Instruments"/> to bootstrap; <see cref="Interpolation"/> applies to the last two.
/// </summary>
public sealed record Curve
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? FlatRate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Interpolation? Interpolation { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Pillar>? Pillars { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CurveInstrument>? Instruments { get; init; }
}

/// <summary>How a curve interpolates between pillars.</summary>
public enum Interpolation
{
    /// <summary>Zero rate linear in time.</summary>
    [JsonStringEnumMemberName("linear-zero")]
    LinearZero,

    /// <summary>Log discount factor linear in time (what a bootstrap produces).</summary>
    [JsonStringEnumMemberName("log-linear-discount")]
    LogLinearDiscount,
}

/// <summary>A continuously compounded zero rate at a date.</summary>
public sealed record Pillar(DateOnly Date, double ZeroRate);

/// <summary>A deposit or par swap quote to bootstrap from.</summary>
public sealed record CurveInstrument
{
    public required InstrumentType Type { get; init; }

    /// <summary>"3M", "2Y", "1W", "10D".</summary>
    public required string Tenor { get; init; }

    public required double Rate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Frequency? FixedFrequency { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Frequency? FloatFrequency { get; init; }
}

public enum InstrumentType
{
    Deposit,
    Swap,
}

/// <summary>An equity's spot, continuous dividend yield and flat volatility.</summary>
public sealed record Equity(double Spot, double DividendYield, double Volatility);

/// <summary>A stored snapshot (<c>GET /v1/market-data/{snapshotId}</c>).</summary>
public sealed record MarketDataView(string Id, DateTimeOffset StoredAt, MarketData MarketData);
