using System.Net;
using Microsoft.AspNetCore.Hosting;
using XiP.Gateway.Security;

namespace XiP.Gateway.Tests;

/// <summary>What the gateway does about credentials when it starts: its own admin key, and refusing settings that would leave it open.</summary>
public sealed class AuthStartupTests
{
    [Fact]
    public async Task WithNoKeyConfiguredTheEmbeddedGatewayMakesAnOwnerOnlyAdminKeyAndReusesIt()
    {
        var directory = GatewayFactory.NewDataDirectory();
        var path = Path.Combine(directory, AdminKeyFile.FileName);
        try
        {
            string key;
            await using (var first = new GatewayFactory(directory, apiKey: null))
            {
                using var anonymous = first.CreateClient();
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/runs")).StatusCode);

                key = (await File.ReadAllTextAsync(path)).Trim();
                Assert.StartsWith("xip_", key);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                }

                anonymous.DefaultRequestHeaders.Add("X-API-Key", key);
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/v1/cluster")).StatusCode);
            }

            await using var second = new GatewayFactory(directory, apiKey: null);
            using var client = second.CreateClient();
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/cluster")).StatusCode);
            Assert.Equal(key, (await File.ReadAllTextAsync(path)).Trim());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TheBannerShowsHowToUseTheGeneratedKeyWithoutPrintingIt()
    {
        var banner = StartupBanner.Access("http://127.0.0.1:5080", new XiPSecurity.Setup(AuthModes.Keys, "/srv/xip/data/admin.key"));

        Assert.Contains("curl -H \"X-API-Key: $(cat /srv/xip/data/admin.key)\" http://127.0.0.1:5080/v1/runs", banner);
        Assert.Contains("export XIP_API_KEY=$(cat /srv/xip/data/admin.key)", banner);
    }

    [Fact]
    public void TheBannerNamesTheDashboardAndThatItAsksForTheKeyOnce()
    {
        var banner = StartupBanner.Text("http://127.0.0.1:5080", "standalone", new XiPSecurity.Setup(AuthModes.Keys, "/srv/xip/data/admin.key"));

        Assert.Contains("Dashboard    http://127.0.0.1:5080/", banner);
        Assert.Contains("the dashboard (http://127.0.0.1:5080/) asks for it once", banner);
    }

    [Fact]
    public async Task ModeNoneIsRefusedOnAListenerThatIsNotLoopback()
    {
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), apiKey: null, configure: b =>
        {
            b.UseSetting("XiP:Auth:Mode", "none");
            b.UseSetting("urls", "http://0.0.0.0:5999");
        });

        var refused = Record.Exception(() => factory.CreateClient());

        Assert.Contains("XiP:Auth:Mode", refused?.ToString());
        Assert.Contains("0.0.0.0", refused?.ToString());
    }

    [Fact]
    public async Task ModeNoneOnLoopbackLetsEveryCallerInAsAnAdmin()
    {
        var directory = GatewayFactory.NewDataDirectory();
        try
        {
            await using var factory = new GatewayFactory(directory, apiKey: null, configure: b =>
            {
                b.UseSetting("XiP:Auth:Mode", "none");
                b.UseSetting("urls", "http://127.0.0.1:5999");
            });
            using var client = factory.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/cluster")).StatusCode);
            Assert.False(File.Exists(Path.Combine(directory, AdminKeyFile.FileName)));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AClusterGatewayWithNoCredentialsRefusesToStartNamingTheSettings()
    {
        await using var factory = new GatewayFactory(GatewayFactory.NewDataDirectory(), apiKey: null, configure: b =>
        {
            b.UseSetting("XiP:Clustering", "postgres");
            b.UseSetting("ConnectionStrings:Postgres", "Host=127.0.0.1;Port=1;Database=xip;Username=xip;Password=xip");
        });

        var refused = Record.Exception(() => factory.CreateClient());

        Assert.Contains("XiP:Auth:ApiKeys", refused?.ToString());
        Assert.Contains("XiP:Auth:Jwt", refused?.ToString());
    }

    [Fact]
    public void AKeyWithARoleThatIsNotOneIsRefusedNamingIt()
    {
        var setup = Record.Exception(() => ApiKeyRegistry.From(new AuthOptions { ApiKeys = { ["k"] = new ApiKeyOptions { Key = "x", Roles = "root" } } }));

        Assert.Contains("XiP:Auth:ApiKeys:k:Roles", setup?.Message);
    }

    [Fact]
    public void AKeyGivenAsItsSha256MatchesTheKeyAndNothingElse()
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("s3cret"u8));
        var keys = ApiKeyRegistry.From(new AuthOptions { ApiKeys = { ["ops"] = new ApiKeyOptions { KeySha256 = hash, Roles = "viewer,trader", Books = "desk-*" } } });

        var caller = Caller.Of(keys.Find("s3cret", "test")!);
        Assert.Equal("ops", caller.Name);
        Assert.True(caller.Has(XiPRoles.Trader));
        Assert.False(caller.Has(XiPRoles.Admin));
        Assert.True(caller.MayUse("desk-rates"));
        Assert.False(caller.MayUse("treasury"));
        Assert.Null(keys.Find("s3cret ", "test"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("https://10.1.2.3:443", false)]
    public void Listeners_Url_IsLoopbackOnlyForLoopbackHosts(string url, bool loopback) =>
        Assert.Equal(loopback, Listeners.IsLoopback(url));

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("desk-*", "desk-a", true)]
    [InlineData("desk-*", "desk", false)]
    [InlineData("*-eu", "rates-eu", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    public void BookPatterns_Wildcards_MatchAsGlobs(string pattern, string book, bool allowed) =>
        Assert.Equal(allowed, XiP.Abstractions.Trades.BookPatterns.Parse(pattern).Allows(book));
}
