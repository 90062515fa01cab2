namespace XiP.Client;

/// <summary>How the client follows a run's event stream when the connection drops.</summary>
public sealed class XiPClientOptions
{
    /// <summary>How long to wait before reconnecting when the server has not said (with <c>retry</c>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Reconnections in a row, without an event in between, before giving up.</summary>
    public int MaxReconnectAttempts { get; init; } = 5;

    /// <summary>The API key sent in <c>X-API-Key</c> with every request; null sends none (the HttpClient may carry its own credentials).</summary>
    public string? ApiKey { get; init; }
}
