using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace XiP.Benchmarks.Platform;

/// <summary>The trades, market data and scenario sets of the platform benchmark, as a client sends them.</summary>
internal static class PlatformWorkloads
{
    public static readonly DateOnly ValuationDate = new(2024, 1, 15);

    /// <summary>European option i of a book: two underlyings, calls and puts, strikes 70–130% of spot, expiries a week to ten years.</summary>
    public static (string Underlying, bool Put, double Strike, DateOnly Expiry) European(int i)
    {
        var acme = i % 2 == 0;
        return (acme ? "ACME" : "BETA", i % 3 == 0, (acme ? 100 : 40) * (0.7 + 0.6 * (i % 997) / 997.0), ValuationDate.AddDays(7 + i % 3650));
    }

    /// <summary>Swap i: 10 years from the valuation date, annual fixed against quarterly float.</summary>
    public static (double Notional, double FixedRate, bool PayFixed) Swap(int i) => (1_000_000 * (1 + i % 20), 0.03 + (i % 200) * 1e-4, i % 2 == 0);

    public static byte[] EuropeanNdjson(string book, int count, string idPrefix = "eu")
    {
        var text = new StringBuilder(count * 200);
        for (var i = 0; i < count; i++)
        {
            var (underlying, put, strike, expiry) = European(i);
            text.Append(CultureInfo.InvariantCulture, $$"""{"id":"{{idPrefix}}-{{i:D7}}","type":"europeanOption","book":"{{book}}","underlying":"{{underlying}}","optionType":"{{(put ? "put" : "call")}}","strike":{{strike:R}},"expiry":"{{expiry:yyyy-MM-dd}}","discountCurve":"USD"}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] SwapNdjson(string book, int count)
    {
        var text = new StringBuilder(count * 250);
        for (var i = 0; i < count; i++)
        {
            var (notional, fixedRate, payFixed) = Swap(i);
            text.Append(CultureInfo.InvariantCulture, $$"""{"id":"sw-{{i:D7}}","type":"interestRateSwap","book":"{{book}}","notional":{{notional:R}},"fixedRate":{{fixedRate:R}},"startDate":"{{ValuationDate:yyyy-MM-dd}}","maturityDate":"{{ValuationDate.AddYears(10):yyyy-MM-dd}}","direction":"{{(payFixed ? "payFixed" : "receiveFixed")}}","fixedFrequency":"annual","floatFrequency":"quarterly","curve":"USD-SOFR"}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static JsonObject MarketData() => new()
    {
        ["valuationDate"] = "2024-01-15",
        ["curves"] = new JsonObject
        {
            ["USD"] = new JsonObject { ["flatRate"] = 0.04 },
            ["USD-SOFR"] = new JsonObject
            {
                ["interpolation"] = "linear-zero",
                ["pillars"] = new JsonArray(
                    Enumerable.Range(0, 20).Select(k => (JsonNode)new JsonObject
                    {
                        ["date"] = ValuationDate.AddMonths(k * 9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        ["zeroRate"] = 0.035 + 0.0004 * k,
                    }).ToArray()),
            },
        },
        ["equities"] = new JsonObject
        {
            ["ACME"] = new JsonObject { ["spot"] = 100, ["dividendYield"] = 0.01, ["volatility"] = 0.25 },
            ["BETA"] = new JsonObject { ["spot"] = 40, ["dividendYield"] = 0.0, ["volatility"] = 0.35 },
        },
    };

    public static JsonObject ScenarioSet(int count) => new()
    {
        ["generate"] = new JsonObject { ["count"] = count, ["seed"] = 42, ["curveParallelBpStdDev"] = 10, ["spotRelativeStdDev"] = 0.02, ["volAbsoluteStdDev"] = 0.01 },
    };
}
