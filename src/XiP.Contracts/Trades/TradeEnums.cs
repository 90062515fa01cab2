namespace XiP.Contracts.Trades;

// Member names are the contract's spellings through ContractJson (camelCase); the gateway's readers take them in any letter case.

public enum OptionType
{
    Call,
    Put,
}

public enum Averaging
{
    Discrete,
    Continuous,
}

public enum SwapDirection
{
    PayFixed,
    ReceiveFixed,
}

/// <summary>How often a leg, a bond or a curve instrument pays.</summary>
public enum Frequency
{
    Annual,
    Semiannual,
    Quarterly,
    Monthly,
}
