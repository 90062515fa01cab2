namespace XiP.Pricing.Products;

/// <summary>Call or put.</summary>
public enum OptionType
{
    Call,
    Put,
}

public static class OptionTypeExtensions
{
    /// <summary>+1 for a call, −1 for a put: the sign the option kernels take.</summary>
    public static double Sign(this OptionType type) => type == OptionType.Call ? 1.0 : -1.0;
}
