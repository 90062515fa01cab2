namespace XiP.Client;

/// <summary>How the client follows a run's event stream when the connection drops.</summary>
public sealed class XiPClientOptions
{
    /// <summary>How long to wait before reconnecting when the server has not said (with <c>retry</c>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reconnections in a row, without an event in between, before giving up.</summary>
    public int MaxReconnectAttempts { get; init; } = 5;
}
