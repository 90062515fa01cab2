using System.Text.Json.Nodes;

namespace XiP.Tests;

/// <summary>Small valid request bodies every test project builds on (linked into each), so all of them price the same market.</summary>
internal static class Requests
{
    public static JsonObject MarketData() => new()
    {
        ["valuationDate"] = "2024-01-15",
        ["curves"] = new JsonObject
        {
            ["USD-FLAT"] = new JsonObject { ["flatRate"] = 0.05 },
            ["USD-SOFR"] = new JsonObject
            {
                ["interpolation"] = "linear-zero",
                ["pillars"] = new JsonArray(
                    new JsonObject { ["date"] = "2024-01-15", ["zeroRate"] = 0.0345 },
                    new JsonObject { ["date"] = "2054-01-15", ["zeroRate"] = 0.0372 }),
            },
            ["EUR-ESTR"] = new JsonObject
            {
                ["interpolation"] = "log-linear-discount",
                ["instruments"] = new JsonArray(
                    new JsonObject { ["type"] = "deposit", ["tenor"] = "3M", ["rate"] = 0.031 },
                    new JsonObject { ["type"] = "swap", ["tenor"] = "2Y", ["rate"] = 0.029, ["fixedFrequency"] = "annual", ["floatFrequency"] = "semiannual" }),
            },
        },
        ["equities"] = new JsonObject { ["ACME"] = new JsonObject { ["spot"] = 128.24, ["dividendYield"] = 0.0416, ["volatility"] = 0.1523 } },
    };

    public static JsonObject European() => new()
    {
        ["id"] = "eu-1", ["type"] = "europeanOption", ["underlying"] = "ACME", ["optionType"] = "call",
        ["strike"] = 127.2, ["expiry"] = "2029-11-23", ["quantity"] = 1, ["discountCurve"] = "USD-FLAT",
    };

    public static JsonObject Asian() => new()
    {
        ["id"] = "as-1", ["type"] = "geometricAsianOption", ["underlying"] = "ACME", ["optionType"] = "put", ["strike"] = 52.78,
        ["expiry"] = "2024-02-20", ["averaging"] = "discrete", ["fixingDates"] = new JsonArray("2024-01-17", "2024-01-19"),
        ["quantity"] = 1, ["discountCurve"] = "USD-FLAT",
    };

    public static JsonObject Swap() => new()
    {
        ["id"] = "sw-1", ["type"] = "interestRateSwap", ["notional"] = 10000000, ["fixedRate"] = 0.04513, ["startDate"] = "2025-07-15",
        ["maturityDate"] = "2052-07-15", ["direction"] = "payFixed", ["fixedFrequency"] = "annual", ["floatFrequency"] = "quarterly", ["curve"] = "USD-SOFR",
    };

    public static JsonObject Bond() => new()
    {
        ["id"] = "bd-1", ["type"] = "fixedRateBond", ["faceValue"] = 100, ["couponRate"] = 0.0106, ["frequency"] = "annual",
        ["issueDate"] = "2022-01-08", ["maturityDate"] = "2052-01-08", ["curve"] = "EUR-ESTR",
    };

    public static JsonObject Price(params JsonObject[] trades) => new()
    {
        ["marketData"] = MarketData(),
        ["trades"] = new JsonArray(trades.Length == 0 ? [European(), Asian(), Swap(), Bond()] : trades),
        ["measures"] = new JsonArray("pv", "delta", "pv01"),
    };
}
