namespace XiP.EndToEnd.Tests;

/// <summary>A gateway of its own with nothing stored, as a newcomer first meets it; no batch is held.</summary>
public sealed class EmptyGateway : IAsyncLifetime
{
    private readonly BatchGate _open = new();

    public GatewayServer Server { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        _open.Open();
        Server = new GatewayServer(Path.Combine(Path.GetTempPath(), "xip-e2e-tests", Guid.NewGuid().ToString("N")), _open);
        BaseAddress = Server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
            Directory.Delete(Server.DataDirectory, recursive: true);
        }
    }
}
