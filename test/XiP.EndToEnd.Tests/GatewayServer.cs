using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using XiP.Grains.Runs;

namespace XiP.EndToEnd.Tests;

/// <summary>
/// The gateway in embedded mode on a real Kestrel socket on 127.0.0.1 (a browser cannot reach the
/// in-memory test server), with its own data directory, reserved silo ports (<see cref="LoopbackPorts"/>)
/// and small batches.
/// </summary>
public sealed class GatewayServer(string dataDirectory, IBatchFaultInjector faults) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single());
    }

    /// <summary>The admin key the gateway is configured with.</summary>
    public const string ApiKey = "e2e-admin-key-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // an explicit address keeps Program from choosing its default port
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("XiP:DataDirectory", DataDirectory);
        builder.UseSetting("XiP:SiloPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("XiP:GatewayPort", LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture));
        // one summation block (64 trades) per batch, so a run of a few hundred trades has several batches
        builder.UseSetting("XiP:Runs:ValuationsPerBatch", "1");
        // one batch at a time: a held batch then never takes the compute worker the first one needs
        builder.UseSetting("XiP:Silo:Cores", "1");
        builder.UseSetting("XiP:Placement:BatchesPerCore", "1");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("XiP:Auth:ApiKeys:e2e-admin:Key", ApiKey);
        builder.UseSetting("XiP:Auth:ApiKeys:e2e-admin:Roles", "admin");
        builder.ConfigureTestServices(services => services.AddSingleton(faults));
    }
}
