namespace XiP.Pricing.Measures;

/// <summary>What can be computed for a trade. Greeks are partial derivatives per unit.</summary>
public enum Measure
{
    Pv,
    Delta,
    Gamma,
    Vega,
    Theta,
    Rho,
    DividendRho,
    Pv01,
    ParRate,
    DirtyPrice,
    CleanPrice,
    AccruedInterest,
}
