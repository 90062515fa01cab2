using Microsoft.Playwright;

namespace XiP.EndToEnd.Tests;

/// <summary>
/// One gateway on a real port and one headless Chromium for the browser tests. The browser is the
/// system's (Debian's <c>chromium</c> package, or <c>XIP_CHROMIUM</c>): Playwright never downloads one.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public BatchGate Gate { get; } = new();

    public GatewayServer Server { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("XIP_CHROMIUM") ?? DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {chromium} (apt-get install -y chromium, or set XIP_CHROMIUM).");
        }

        Server = new GatewayServer(Path.Combine(Path.GetTempPath(), "xip-e2e-tests", Guid.NewGuid().ToString("N")), Gate);
        BaseAddress = Server.Start();
        Client = new HttpClient { BaseAddress = BaseAddress };
        Client.DefaultRequestHeaders.Add("X-API-Key", GatewayServer.ApiKey);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        // batches still held would keep the silo waiting on shutdown
        Gate.Open();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
            Directory.Delete(Server.DataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// A fresh page on the gateway (or on <paramref name="gateway"/>) that records script errors, so a test can assert there
    /// were none. Unless <paramref name="signedOut"/>, every request it makes (EventSource included) carries the admin key, as
    /// a proxy that authenticates for the browser would add it; signed out, the page must sign in through its form.
    /// </summary>
    public async Task<(IPage Page, List<string> Errors)> NewPageAsync(bool signedOut = false, Uri? gateway = null)
    {
        var options = new BrowserNewPageOptions { BaseURL = (gateway ?? BaseAddress).ToString() };
        if (!signedOut)
        {
            options.ExtraHTTPHeaders = new Dictionary<string, string> { ["X-API-Key"] = GatewayServer.ApiKey };
        }

        var page = await Browser.NewPageAsync(options);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return (page, errors);
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = nameof(DashboardCollection);
}
