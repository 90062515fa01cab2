namespace XiP.Abstractions;

/// <summary>
/// A store (grain state, trades, results) failed under a grain call: a database down, out of connections or timing
/// out. The silo puts this in place of the driver's exception, which the caller may not be able to deserialize (the
/// cluster gateway holds no database driver); the gateway answers 503 with <c>Retry-After</c>.
/// </summary>
[GenerateSerializer, Alias("xip.storage-unavailable")]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
