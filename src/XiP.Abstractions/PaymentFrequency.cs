namespace XiP.Abstractions;

/// <summary>How often a leg or bond pays.</summary>
public enum PaymentFrequency
{
    Annual,
    Semiannual,
    Quarterly,
    Monthly,
}
