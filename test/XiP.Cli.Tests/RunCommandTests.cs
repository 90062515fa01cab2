using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Client;
using XiP.Contracts.Runs;

namespace XiP.Cli.Tests;

[Collection(PlatformCollection.Name)]
public sealed class RunCommandTests(PlatformFixture platform)
{
    private const int TradeCount = 30;
    private static readonly string[] Measures = ["pv", "delta"];

    [Fact]
    public async Task TradesUploadFromNdjsonStoresEveryTradeAndTheSameFileAgainChangesNothing()
    {
        var book = TestData.NewId("upload");
        using var file = new TempFile(".ndjson", string.Join('\n', TestData.Trades(book, TradeCount).Select(t => t.ToJsonString())) + "\n");

        var first = await platform.XipAsync("trades", "upload", file.Path);
        var second = await platform.XipAsync("trades", "upload", file.Path);

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains($"Stored {TradeCount} trades from {Path.GetFileName(file.Path)}: {TradeCount} new, 0 new versions, 0 unchanged.", first.Out);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains($"Stored {TradeCount} trades from {Path.GetFileName(file.Path)}: 0 new, 0 new versions, {TradeCount} unchanged.", second.Out);
        var stored = JsonNode.Parse(await platform.Http.GetStringAsync($"/v1/books/{book}/trades"))!["items"]!.AsArray();
        Assert.Equal(TradeCount, stored.Count);
    }

    [Fact]
    public async Task RunSubmitWithWatchFollowsTheRunToCompletionAndPrintsItsSummary()
    {
        var inputs = await StoreInputsAsync();
        var clientRunId = TestData.NewId("watch");

        var outcome = await platform.XipAsync(
            "run", "submit", "--book", inputs.Book, "--market-data", inputs.MarketDataId, "--scenarios", inputs.ScenarioSetId,
            "--measures", string.Join(',', Measures), "--client-run-id", clientRunId, "--watch");

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
        var runId = "run-" + clientRunId;
        Assert.Contains($"Submitted run {runId}", outcome.Out);
        var status = JsonDocument.Parse(await platform.Http.GetStringAsync($"/v1/runs/{runId}")).RootElement;
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(TradeCount * Measures.Length * 3L, status.GetProperty("total").GetInt64());
        var lines = outcome.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains("status") && l.Contains("completed"));
        Assert.Contains(lines, l => l.Contains("valuations") && l.Contains($"{status.GetProperty("done").GetInt64()} done"));
        var summary = status.GetProperty("summary");
        foreach (var measure in new[] { "var95", "var99", "es95", "es99" })
        {
            Assert.Contains(lines, l => l.TrimStart().StartsWith(measure, StringComparison.Ordinal) && l.TrimEnd().EndsWith(Cents(summary.GetProperty(measure).GetDouble()), StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains("pv (base)") && l.TrimEnd().EndsWith(Cents(summary.GetProperty("pvByScenario")[0].GetDouble()), StringComparison.Ordinal));

        // the table reads to the cent; json is the gateway's answer to the bit
        var json = await platform.XipAsync("run", "status", runId, "--format", "json");
        Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
        var printed = JsonDocument.Parse(json.Out).RootElement.GetProperty("summary");
        foreach (var measure in new[] { "var95", "var99", "es95", "es99" })
        {
            Assert.Equal(Exact(summary.GetProperty(measure).GetDouble()), Exact(printed.GetProperty(measure).GetDouble()));
        }
    }

    private static string Cents(double value) => value.ToString("N2", CultureInfo.InvariantCulture);

    [Fact]
    public async Task RunResultsAsCsvHaveOneRowPerTradeAndMeasureWithTheApisValuesToTheBit()
    {
        var runId = await CompletedRunAsync();
        using var output = new TempFile(".csv", string.Empty);

        var outcome = await platform.XipAsync("run", "results", runId, "--format", "csv", "--page-size", "7", "--output", output.Path);

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
        Assert.Contains($"Wrote {TradeCount * Measures.Length} results of run {runId}", outcome.Out);
        var rows = File.ReadAllLines(output.Path).Select(Csv.Fields).ToList();
        Assert.Equal(["tradeId", "book", "measure", "tradeVersion", "base", "s1", "s2", "error"], rows[0]);
        var expected = await ApiResultsAsync(runId);
        Assert.Equal(TradeCount * Measures.Length, rows.Count - 1);
        Assert.Equal(expected.Count, rows.Count - 1);
        for (var i = 0; i < expected.Count; i++)
        {
            var row = rows[i + 1];
            Assert.Equal(expected[i].GetProperty("tradeId").GetString(), row[0]);
            Assert.Equal(expected[i].GetProperty("measure").GetString(), row[2]);
            if (expected[i].GetProperty("values") is { ValueKind: JsonValueKind.Array } values)
            {
                Assert.Equal(
                    values.EnumerateArray().Select(v => BitConverter.DoubleToInt64Bits(v.GetDouble())),
                    row[4..7].Select(cell => BitConverter.DoubleToInt64Bits(double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture))));
                Assert.Equal(string.Empty, row[7]);
            }
            else
            {
                Assert.All(row[4..7], cell => Assert.Equal(string.Empty, cell));
                Assert.Equal(expected[i].GetProperty("error").GetString(), row[7]);
            }
        }

        Assert.Contains(rows.Skip(1), r => r[7].Length > 0);
    }

    [Fact]
    public async Task RunResultsAsJsonForOneMeasureAreTheApisResultsForIt()
    {
        var runId = await CompletedRunAsync();

        var outcome = await platform.XipAsync("run", "results", runId, "--format", "json", "--measure", "pv");

        Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
        var got = JsonDocument.Parse(outcome.Out).RootElement.EnumerateArray().ToList();
        var expected = (await ApiResultsAsync(runId)).Where(r => r.GetProperty("measure").GetString() == "pv").ToList();
        Assert.Equal(TradeCount, got.Count);
        Assert.Equal(expected.Select(r => r.GetProperty("tradeId").GetString()), got.Select(r => r.GetProperty("tradeId").GetString()));
        Assert.Equal(expected.Select(r => r.GetProperty("values").GetRawText()), got.Select(r => r.GetProperty("values").GetRawText()));
    }

    [Fact]
    public async Task RunCancelStopsARunningRun()
    {
        var inputs = await StoreInputsAsync();
        var clientRunId = TestData.NewId("cancel");
        var runId = "run-" + clientRunId;
        platform.Factory.Held.Hold(runId);
        try
        {
            await platform.Client.SubmitRunAsync(inputs.Run(clientRunId));

            var outcome = await platform.XipAsync("run", "cancel", runId);

            Assert.True(outcome.ExitCode == ExitCodes.Ok, outcome.ToString());
            Assert.Contains($"Run {runId} is cancelled", outcome.Out);
            var status = JsonDocument.Parse(await platform.Http.GetStringAsync($"/v1/runs/{runId}")).RootElement;
            Assert.Equal("cancelled", status.GetProperty("status").GetString());
            Assert.True(status.GetProperty("done").GetInt64() < status.GetProperty("total").GetInt64());
        }
        finally
        {
            platform.Factory.Held.Release(runId);
        }
    }

    [Fact]
    public async Task AWatchedRunThatIsCancelledExitsWithRunNotCompleted()
    {
        var inputs = await StoreInputsAsync();
        var clientRunId = TestData.NewId("watch-cancel");
        var runId = "run-" + clientRunId;
        platform.Factory.Held.Hold(runId);
        try
        {
            var watching = platform.XipAsync(
                "run", "submit", "--book", inputs.Book, "--market-data", inputs.MarketDataId, "--scenarios", inputs.ScenarioSetId,
                "--measures", string.Join(',', Measures), "--client-run-id", clientRunId, "--watch");
            await WaitUntilSubmittedAsync(runId, watching);
            await platform.Client.CancelRunAsync(runId);

            var outcome = await watching;

            Assert.Equal(ExitCodes.RunNotCompleted, outcome.ExitCode);
            Assert.Contains(outcome.Out.Split('\n'), l => l.Contains("status") && l.Contains("cancelled"));
        }
        finally
        {
            platform.Factory.Held.Release(runId);
        }
    }

    private static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private async Task WaitUntilSubmittedAsync(string runId, Task<CliOutcome> watching)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!(await platform.Http.GetAsync($"/v1/runs/{runId}")).IsSuccessStatusCode)
        {
            Assert.False(watching.IsCompleted, $"xip ended before {runId} was submitted: {(watching.IsCompleted ? watching.Result.ToString() : string.Empty)}");
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} was not submitted within a minute");
        }
    }

    private async Task<string> CompletedRunAsync()
    {
        var inputs = await StoreInputsAsync();
        var run = await platform.Client.SubmitRunAsync(inputs.Run(TestData.NewId("results")));
        RunEvent? last = null;
        await foreach (var e in platform.Client.WatchRunAsync(run.RunId))
        {
            last = e;
        }

        Assert.Equal(RunState.Completed, Assert.IsType<RunTerminalEvent>(last).Status);
        return run.RunId;
    }

    private async Task<RunInputs> StoreInputsAsync()
    {
        var book = TestData.NewId("book");
        var upload = await platform.Client.UploadTradesAsync(TestData.Trades(book, TradeCount));
        Assert.Equal(TradeCount, upload.Created);
        var marketData = await platform.Client.PutMarketDataAsync(TestData.NewId("md"), TestData.MarketData());
        var scenarioSet = await platform.Client.PutScenarioSetAsync(TestData.NewId("ss"), TestData.ScenarioSet());
        return new RunInputs(book, marketData.Id, scenarioSet.Id);
    }

    private async Task<List<JsonElement>> ApiResultsAsync(string runId)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await platform.Http.GetStringAsync($"/v1/runs/{runId}/results?limit=11" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"))).RootElement;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return items;
    }

    private sealed record RunInputs(string Book, string MarketDataId, string ScenarioSetId)
    {
        public RunRequest Run(string clientRunId) => new()
        {
            Book = Book, MarketDataId = MarketDataId, ScenarioSetId = ScenarioSetId, Measures = Measures, ClientRunId = clientRunId,
        };
    }
}
