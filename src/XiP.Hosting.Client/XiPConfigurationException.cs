namespace XiP.Hosting;

/// <summary>Configuration that a host cannot start with; the message names the key.</summary>
public sealed class XiPConfigurationException(string key, string message)
    : Exception($"Configuration key '{key}': {message}")
{
    public string Key { get; } = key;
}
