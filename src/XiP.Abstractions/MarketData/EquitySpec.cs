namespace XiP.Abstractions.MarketData;

/// <summary>An equity's spot, continuous dividend yield and flat volatility.</summary>
[GenerateSerializer, Immutable, Alias("xip.equity-spec")]
public sealed record EquitySpec([property: Id(0)] double Spot, [property: Id(1)] double DividendYield, [property: Id(2)] double Volatility);
