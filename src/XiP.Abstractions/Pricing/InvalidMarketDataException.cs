namespace XiP.Abstractions.Pricing;

/// <summary>
/// Market data that passed validation of its shape but cannot be calibrated (for example quotes that
/// admit no positive discount factor). <see cref="Path"/> is the JSON path of the offending curve.
/// </summary>
[GenerateSerializer, Alias("xip.invalid-market-data")]
public sealed class InvalidMarketDataException : Exception
{
    public InvalidMarketDataException(string path, string message)
        : base(message) => Path = path;

    [Id(0)] public string Path { get; }
}
