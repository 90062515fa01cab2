namespace XiP.Pricing.MarketData;

/// <summary>An equity's spot, continuous dividend yield and flat Black volatility.</summary>
public sealed record EquityMarket(double Spot, double DividendYield, double Volatility);
