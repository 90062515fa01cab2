using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);

// Configure the host: health endpoints on loopback unless --urls says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:5081");
}

builder.AddServiceDefaults();

// Configure Orleans: providers come from the XiP configuration section.
// the Orleans Dashboard the gateway serves at /orleans collects its statistics from every silo
builder.UseOrleans(silo => silo.UseXiP(builder.Configuration).AddDashboard());

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
