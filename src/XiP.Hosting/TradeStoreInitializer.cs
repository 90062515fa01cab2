using Microsoft.Extensions.Hosting;
using XiP.Trades;

namespace XiP.Hosting;

/// <summary>Creates the trade store's tables when the silo starts, so a store that cannot start stops the host at once.</summary>
internal sealed class TradeStoreInitializer(ITradeStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
