using XiP.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Configure the host: health endpoints on loopback unless --urls says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5081");
}

builder.AddServiceDefaults();

// A graceful stop (SIGTERM) lets Orleans deactivate every grain, so running runs checkpoint and hand over
// and batches in flight on this silo finish: a minute unless DOTNET_SHUTDOWNTIMEOUTSECONDS says otherwise
// (Kubernetes sets it below the pod's termination grace period).
if (string.IsNullOrEmpty(builder.Configuration["shutdownTimeoutSeconds"]))
{
    builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromMinutes(1));
}

// Configure Orleans: providers come from the XiP configuration section; the Orleans Dashboard the gateway
// serves at /orleans collects its statistics from every silo.
XiPSilo.AddTo(builder);

var app = builder.Build();
app.MapDefaultEndpoints();
// a silo's HTTP listener is an operator's (probes and scrapes), never a client's: its metrics are open to whoever reaches it
app.MapMetrics();
app.Run();
