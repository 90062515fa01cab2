using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace XiP.Hosting;

/// <summary>
/// A silo of the configured XiP cluster, its dashboard included: the silo host adds it to its builder, and so does
/// the gateway in embedded mode. The gateway links only what an Orleans client needs and calls <see cref="AddTo"/>
/// by name, so a cluster-mode gateway never loads the grains, the pricing or the stores: keep the name and signature.
/// </summary>
public static class XiPSilo
{
    public static void AddTo(IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseOrleans(silo => silo.UseXiP(builder.Configuration).AddDashboard());
    }
}
