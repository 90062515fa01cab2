using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XiP.Cluster.Tests;

/// <summary>
/// One risk run, the same wherever it is sent: a book of options, swaps and bonds, a snapshot, a generated
/// scenario set. Stores its inputs through a gateway's REST API, submits it, follows it and reads it back.
/// </summary>
public static class RiskRunWorkload
{
    // Sized for the Debug build the test command makes, on a busy machine: several seconds of work in 40 batches.
    public const int Trades = 40 * 64;
    public const int Scenarios = 30;
    public static readonly string[] Measures = ["pv", "delta"];

    // one summation block of 64 trades per batch, so there are many and a lost one is a small part of the run
    public const int ValuationsPerBatch = 2000;

    public static long Valuations => (long)Trades * (Scenarios + 1) * Measures.Length;

    /// <summary>Stores the inputs under fresh ids and submits the run; returns its id.</summary>
    public static async Task<string> SubmitAsync(HttpClient gateway)
    {
        var tag = Guid.NewGuid().ToString("N");
        var book = "book-" + tag;
        var ndjson = new StringBuilder();
        for (var i = 0; i < Trades; i++)
        {
            ndjson.Append(Trade(book, i).ToJsonString()).Append('\n');
        }

        using (var content = new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson"))
        {
            var stored = await gateway.PostAsync("/v1/trades", content);
            Assert.True(stored.IsSuccessStatusCode, await stored.Content.ReadAsStringAsync());
        }

        var marketDataId = "md-" + tag;
        (await gateway.PutAsJsonAsync($"/v1/market-data/{marketDataId}", Requests.MarketData())).EnsureSuccessStatusCode();
        var scenarioSetId = "ss-" + tag;
        var set = new JsonObject
        {
            ["generate"] = new JsonObject { ["count"] = Scenarios, ["seed"] = 7, ["curveParallelBpStdDev"] = 15, ["spotRelativeStdDev"] = 0.03, ["volAbsoluteStdDev"] = 0.02 },
        };
        (await gateway.PutAsJsonAsync($"/v1/scenario-sets/{scenarioSetId}", set)).EnsureSuccessStatusCode();

        var run = new JsonObject
        {
            ["book"] = book,
            ["marketDataId"] = marketDataId,
            ["scenarioSetId"] = scenarioSetId,
            ["measures"] = new JsonArray(Measures.Select(m => (JsonNode)m).ToArray()),
        };
        var submitted = await gateway.PostAsJsonAsync("/v1/runs", run);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        return submitted.Headers.Location!.OriginalString["/v1/runs/".Length..];
    }

    /// <summary>
    /// Polls <c>GET /v1/runs/{id}</c> until <paramref name="condition"/> holds; answers that fail while the
    /// cluster reorganises are polled past.
    /// </summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient gateway, string runId, Func<JsonElement, bool> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < within)
        {
            var status = await TryGetAsync(gateway, $"/v1/runs/{runId}");
            if (status is { } s)
            {
                Assert.NotEqual("failed", s.GetProperty("status").GetString());
                if (condition(s))
                {
                    return s;
                }

                last = s.GetRawText();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"run {runId} did not reach the condition within {within}; last status: {last}");
    }

    /// <summary>
    /// Polls the run list (the registry grain, never the run grain itself) until the run is recorded as over,
    /// so nothing this test does reactivates the run; then returns the run's status.
    /// </summary>
    public static async Task<JsonElement> WaitUntilOverAsync(HttpClient gateway, string runId, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            var list = await TryGetAsync(gateway, "/v1/runs?limit=1000");
            var entry = list?.EnumerateArray().FirstOrDefault(r => r.GetProperty("runId").GetString() == runId);
            if (entry is { ValueKind: JsonValueKind.Object } e && e.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return JsonDocument.Parse(await gateway.GetStringAsync($"/v1/runs/{runId}")).RootElement;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"run {runId} was not over within {within}.");
    }

    /// <summary>Every result of the run, page by page, keyed by (trade, measure); a key seen twice fails.</summary>
    public static async Task<Dictionary<(string Trade, string Measure), JsonElement>> ReadResultsAsync(HttpClient gateway, string runId)
    {
        var results = new Dictionary<(string, string), JsonElement>();
        string? cursor = null;
        do
        {
            var url = $"/v1/runs/{runId}/results?limit=2000" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = JsonDocument.Parse(await gateway.GetStringAsync(url)).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                var key = (item.GetProperty("tradeId").GetString()!, item.GetProperty("measure").GetString()!);
                Assert.True(results.TryAdd(key, item), $"result {key} appears twice");
            }

            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return results;
    }

    private static async Task<JsonElement?> TryGetAsync(HttpClient gateway, string path)
    {
        try
        {
            using var response = await gateway.GetAsync(path);
            return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static JsonObject Trade(string book, int i)
    {
        var id = $"{book}-t{i:D5}";
        return (i % 3) switch
        {
            0 => new JsonObject
            {
                ["id"] = id, ["book"] = book, ["type"] = "europeanOption", ["underlying"] = "ACME", ["optionType"] = i % 2 == 0 ? "call" : "put",
                ["strike"] = 90.0 + i % 400 * 0.1, ["expiry"] = new DateOnly(2024, 3, 1).AddDays(i % 1500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["quantity"] = 1 + i % 7, ["discountCurve"] = "USD-FLAT",
            },
            1 => new JsonObject
            {
                ["id"] = id, ["book"] = book, ["type"] = "interestRateSwap", ["notional"] = 1_000_000 + i, ["fixedRate"] = 0.03 + i * 1e-6,
                ["startDate"] = "2025-07-15", ["maturityDate"] = $"{2030 + i % 20}-07-15", ["direction"] = i % 2 == 0 ? "payFixed" : "receiveFixed",
                ["fixedFrequency"] = "annual", ["floatFrequency"] = "quarterly", ["curve"] = "USD-SOFR",
            },
            _ => new JsonObject
            {
                ["id"] = id, ["book"] = book, ["type"] = "fixedRateBond", ["faceValue"] = 100, ["couponRate"] = 0.01 + i * 1e-6, ["frequency"] = "annual",
                ["issueDate"] = "2022-01-08", ["maturityDate"] = $"{2030 + i % 20}-01-08", ["curve"] = i % 2 == 0 ? "EUR-ESTR" : "USD-SOFR",
            },
        };
    }
}
