using System.Text.Json;

namespace XiP.Cli.Tests;

/// <summary><c>xip demo load</c> loads the demo data set and says what it loaded; a second load says nothing changed.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DemoCommandTests(PlatformFixture platform)
{
    private static readonly string[] DemoBooks = ["demo-equity", "demo-rates", "demo-bonds", "demo-mixed"];

    [Fact]
    public async Task DemoLoadPrintsWhatItLoadedAndAgainThatNothingChanged()
    {
        var first = await platform.XipAsync("demo", "load");
        var second = await platform.XipAsync("demo", "load");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        var lines = first.Out.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal("Loaded the demo data set:", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("books", StringComparison.Ordinal) && l.EndsWith($"{string.Join(", ", DemoBooks)} (3200 trades)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("market data", StringComparison.Ordinal) && l.EndsWith("demo (valuation date 2026-01-02)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("scenario sets", StringComparison.Ordinal) && l.EndsWith("demo-stresses, demo-historical-250", StringComparison.Ordinal));
        Assert.Contains("xip run submit --book demo-equity --market-data demo --scenarios demo-stresses", first.Out);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.StartsWith("The demo data set was already loaded; nothing changed:", second.Out);

        var books = JsonDocument.Parse(await platform.Http.GetStringAsync("/v1/books?limit=10000")).RootElement.GetProperty("items");
        var listed = books.EnumerateArray().Select(b => b.GetProperty("book").GetString()).ToHashSet();
        Assert.Subset(listed, DemoBooks.ToHashSet<string?>());
    }
}
