namespace XiP.Results;

/// <summary>
/// The store holds results in the format of XiP before block storage (one row per trade and measure). They are
/// never read as blocks; the host refuses to start until an operator has dealt with them as the message says.
/// </summary>
public sealed class LegacyResultsException(string message) : InvalidOperationException(message);
