using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Scalar.AspNetCore;
using XiP.Abstractions;
using XiP.Contracts;
using XiP.Gateway;
using XiP.Gateway.Apis;
using XiP.Gateway.Security;
using XiP.Hosting;

var builder = WebApplication.CreateBuilder(args);

// Configure the host: embedded mode listens on loopback unless --urls (or ASPNETCORE_URLS) says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    builder.WebHost.UseUrls(GatewayDefaults.Url);
}

builder.AddServiceDefaults();

// Configure Orleans: embedded mode (localhost clustering) co-hosts a silo in this process, composed by XiP.Hosting
// and loaded only then; otherwise the gateway is a client of the cluster and finds its silos through the same
// membership provider. Results are read through reader grains, so the gateway itself needs no store driver.
var xip = XiPConfiguration.Read(builder.Configuration);
var embedded = xip.Clustering == ClusteringProviders.Localhost;
if (embedded)
{
    EmbeddedSilo.AddTo(builder);
}
else
{
    builder.UseOrleansClient(client => client.UseXiP(builder.Configuration).AddDashboard());
}

// Configure the API
builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
    .Validate(o => o.EventKeepAlive > TimeSpan.Zero, $"{GatewayOptions.SectionName}:EventKeepAlive must be a positive time.")
    .Validate(o => o.MaxRequestBodyBytes > 0 && o.MaxBulkUploadBytes > 0, $"{GatewayOptions.SectionName}:MaxRequestBodyBytes and MaxBulkUploadBytes must be positive.")
    .Validate(o => o.MaxEventStreamsPerClient > 0, $"{GatewayOptions.SectionName}:MaxEventStreamsPerClient must be positive.")
    .ValidateOnStart();
builder.Services.AddOptions<RunLimitOptions>().Configure<IConfiguration>(RunLimitOptions.Bind);
builder.Services.AddSingleton<PricingGateway>();
builder.Services.AddSingleton<EventStreamLeases>();
builder.Services.AddSingleton<LiveBookFeeds>();
builder.Services.ConfigureHttpJsonOptions(o => ContractJson.Configure(o.SerializerOptions));
// numbers are JSON numbers: the readers take no "1.5" for 1.5, and so the OpenAPI document must not offer strings
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestProblems>();
builder.Services.AddExceptionHandler<UnavailableProblems>();
// Kestrel's own limit is the gateway's (its default, 30 MB, would cut off bodies the gateway accepts); the bulk upload raises it per request
builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes);
builder.Services.AddOpenApi(options =>
{
    ContractSchemas.Configure(options);
    SecuritySchemes.Configure(options);
});
CrossOrigin.AddTo(builder.Services, builder.Configuration);

// Configure who may call: API keys, JWT bearer tokens and browser sessions; roles, books and rate limits per caller
var security = builder.AddXiPSecurity(xip, embedded);

var app = builder.Build();

// Browser safety: hardening headers on every answer; CORS only for the origins XiP:Cors:Origins names. Host
// filtering (AllowedHosts) is the web host's own, ahead of all of this.
app.UseMiddleware<SecurityHeaders>();
CrossOrigin.UseIn(app);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseXiPSecurity();
app.UseRequestContentTypes();
app.MapDefaultEndpoints();
// /metrics on the API listener: the endpoint builder returned is where authentication puts its admin-only policy;
// XiP:Management:Urls serves the same metrics, to anyone who reaches that port, for scrapers
app.MapMetrics().RequireAuthorization(XiPRoles.Admin);
app.MapOpenApi();
app.MapScalarApiReference();
app.MapPricingApi();
app.MapMarketDataApi();
app.MapLiveMarketsApi();
app.MapSubscriptionsApi();
app.MapScenarioSetsApi();
app.MapTradesApi();
app.MapListsApi();
app.MapDemoApi();
app.MapRunsApi();
app.MapClusterApi();
app.MapSessionApi();
// the dashboard's own JSON endpoints are its business, not part of the documented API
app.MapOrleansDashboard(routePrefix: "/orleans").ExcludeFromDescription().RequireAuthorization(XiPRoles.Admin);
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(
    app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>(),
    embedded ? "embedded mode: gateway + silo in one process" : $"cluster mode: gateway of cluster '{xip.ClusterId}', {xip.Clustering} membership",
    security));

app.Run();

/// <summary>The gateway's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
