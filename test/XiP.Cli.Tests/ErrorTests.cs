using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace XiP.Cli.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ErrorTests(PlatformFixture platform)
{
    [Fact]
    public async Task APriceFileWithABadFieldExitsOneAndPrintsTheFieldPath()
    {
        var trades = TestData.Trades("bad-price", 3);
        trades[0]["strike"] = -5;
        using var file = new TempFile(".json", TestData.PriceRequest(trades, "pv").ToJsonString());

        var outcome = await platform.XipAsync("price", file.Path);

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains("400", outcome.Error);
        Assert.Contains(outcome.Error.Split('\n'), l => l.TrimStart().StartsWith("trades[0].strike: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATradeFileWithABadLineExitsOneNamesTheTradeAndStoresNothing()
    {
        var book = TestData.NewId("bad-book");
        var trades = TestData.Trades(book, 4);
        trades[2].Remove("curve");
        using var file = new TempFile(".ndjson", string.Join('\n', trades.Select(t => t.ToJsonString())));

        var outcome = await platform.XipAsync("trades", "upload", file.Path);

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains(outcome.Error.Split('\n'), l => l.TrimStart().StartsWith("[2].curve: ", StringComparison.Ordinal));
        var stored = JsonNode.Parse(await platform.Http.GetStringAsync($"/v1/books/{book}/trades"))!["items"]!.AsArray();
        Assert.Empty(stored);
    }

    [Fact]
    public async Task AFileThatIsNotJsonExitsOneWithTheGatewaysReason()
    {
        using var file = new TempFile(".json", "{ \"marketData\": ");

        var outcome = await platform.XipAsync("price", file.Path);

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains("400", outcome.Error);
    }

    [Fact]
    public async Task AnUnknownRunExitsOneWithTheGatewaysProblem()
    {
        var outcome = await platform.XipAsync("run", "status", "run-does-not-exist");

        Assert.Equal(ExitCodes.ApiError, outcome.ExitCode);
        Assert.Contains("404", outcome.Error);
        Assert.Contains("run-does-not-exist", outcome.Error);
    }

    [Fact]
    public async Task AGatewayThatCannotBeReachedExitsThree()
    {
        // a socket bound but never listening holds a port where every connection is refused, for as long as the test runs
        using var refusing = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var url = $"http://127.0.0.1:{((IPEndPoint)refusing.LocalEndPoint!).Port}/";

        var outcome = await CliOutcome.RunAsync(u => new HttpClient { BaseAddress = u }, "run", "status", "run-x", "--url", url);

        Assert.Equal(ExitCodes.Connection, outcome.ExitCode);
        Assert.Contains($"cannot reach the XiP gateway at {url}", outcome.Error);
    }

    [Theory]
    [InlineData("price", "/no/such/file.json")]
    [InlineData("run", "submit", "--book", "b", "--measures", "pv")]
    [InlineData("run", "results", "run-x", "--format", "xml")]
    [InlineData("run", "status", "run-x", "--url", "not a url")]
    [InlineData("no-such-command")]
    public async Task AWrongCommandLineExitsTwoWithoutCallingTheGateway(params string[] args)
    {
        var calls = 0;
        var outcome = await CliOutcome.RunAsync(
            url =>
            {
                calls++;
                return new HttpClient(platform.Factory.Server.CreateHandler()) { BaseAddress = url };
            },
            args);

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.NotEqual(string.Empty, outcome.Error.Trim());
        Assert.Equal(0, calls);
    }
}
