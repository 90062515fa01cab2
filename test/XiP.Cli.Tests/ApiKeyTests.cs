namespace XiP.Cli.Tests;

/// <summary><c>xip</c> authenticates with the key from <c>XIP_API_KEY</c> or <c>--api-key</c>; without one the gateway's 401 is reported.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApiKeyTests(PlatformFixture platform)
{
    private HttpClient Unauthenticated(Uri url) => new(platform.Factory.Server.CreateHandler()) { BaseAddress = url };

    [Fact]
    public async Task WithoutAKeyTheCommandExitsOneWithTheGateways401()
    {
        var outcome = await CliOutcome.RunWithKeyAsync(Unauthenticated, null, "run", "list");

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains("401", outcome.Error);
    }

    [Fact]
    public async Task TheApiKeyOptionIsSentAsXApiKey()
    {
        var outcome = await CliOutcome.RunWithKeyAsync(Unauthenticated, null, "run", "list", "--api-key", PlatformFactory.ApiKey);

        Assert.Equal(ExitCodes.Ok, outcome.ExitCode);
    }

    [Fact]
    public async Task AWrongKeyIsRefused()
    {
        var outcome = await CliOutcome.RunWithKeyAsync(Unauthenticated, "not-the-key", "run", "list");

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains("401", outcome.Error);
    }
}
