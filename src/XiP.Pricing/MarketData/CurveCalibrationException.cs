namespace XiP.Pricing.MarketData;

/// <summary>A curve definition that cannot be turned into a discount curve.</summary>
public sealed class CurveCalibrationException(string curveName, string message)
    : Exception($"Curve '{curveName}': {message}")
{
    public string CurveName { get; } = curveName;

    public string Reason { get; } = message;
}
