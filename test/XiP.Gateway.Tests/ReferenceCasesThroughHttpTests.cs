using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using XiP.Testing;

namespace XiP.Gateway.Tests;

/// <summary>Every QuantLib reference case, priced through POST /v1/price and POST /v1/curves/calibrate.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ReferenceCasesThroughHttpTests(GatewayFixture fixture)
{
    private const double OptionTolerance = 1e-10;
    private const double SwapTolerance = 1e-8;
    private const double BondTolerance = 1e-10;
    private const double CurveTolerance = 1e-10;

    private static readonly (string Field, string Measure)[] EuropeanFields =
    [
        ("price", "pv"), ("delta", "delta"), ("gamma", "gamma"), ("vega", "vega"), ("theta", "theta"), ("rho", "rho"), ("dividend_rho", "dividendRho"),
    ];

    [Fact]
    public async Task EuropeanOptionsMatchQuantLibThroughHttp()
    {
        var file = ReferenceCaseFile.Load("european.json");
        var cases = file.Cases.ToList();
        var curves = new JsonObject();
        var equities = new JsonObject();
        var trades = new JsonArray();
        foreach (var c in cases)
        {
            var id = c.GetProperty("id").GetString()!;
            curves[id] = new JsonObject { ["flatRate"] = c.GetProperty("r").GetDouble() };
            equities[id] = new JsonObject { ["spot"] = c.GetProperty("S").GetDouble(), ["dividendYield"] = c.GetProperty("q").GetDouble(), ["volatility"] = c.GetProperty("sigma").GetDouble() };
            trades.Add(new JsonObject
            {
                ["id"] = id, ["type"] = "europeanOption", ["underlying"] = id, ["optionType"] = c.GetProperty("type").GetString(),
                ["strike"] = c.GetProperty("K").GetDouble(), ["expiry"] = Date(file, c.GetProperty("days").GetInt32()), ["discountCurve"] = id,
            });
        }

        var results = await PriceAsync(file, curves, equities, trades, EuropeanFields.Select(f => f.Measure));
        var report = new ToleranceReport(OptionTolerance);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var s = c.GetProperty("S").GetDouble();
            var t = Math.Max(c.GetProperty("T").GetDouble(), 1.0);
            var atol = new Dictionary<string, double>
            {
                ["price"] = 1e-13 * s, ["delta"] = 1e-13, ["gamma"] = 1e-13 / s, ["vega"] = 1e-13 * s, ["theta"] = 1e-13 * s,
                ["rho"] = 1e-13 * c.GetProperty("K").GetDouble() * t, ["dividend_rho"] = 1e-13 * s * t,
            };
            foreach (var (field, measure) in EuropeanFields)
            {
                report.Check($"{c.GetProperty("id")}.{field}", c.GetProperty("expected").GetProperty(field).GetDouble(), Value(results[i], measure), atol[field]);
            }
        }

        report.AssertAllWithin();
    }

    [Fact]
    public async Task GeometricAsianOptionsMatchQuantLibThroughHttp()
    {
        var file = ReferenceCaseFile.Load("asian_geometric.json");
        var cases = file.Cases.ToList();
        var curves = new JsonObject();
        var equities = new JsonObject();
        var trades = new JsonArray();
        foreach (var c in cases)
        {
            var id = c.GetProperty("id").GetString()!;
            curves[id] = new JsonObject { ["flatRate"] = c.GetProperty("r").GetDouble() };
            equities[id] = new JsonObject { ["spot"] = c.GetProperty("S").GetDouble(), ["dividendYield"] = c.GetProperty("q").GetDouble(), ["volatility"] = c.GetProperty("sigma").GetDouble() };
            var trade = new JsonObject
            {
                ["id"] = id, ["type"] = "geometricAsianOption", ["underlying"] = id, ["optionType"] = c.GetProperty("type").GetString(),
                ["strike"] = c.GetProperty("K").GetDouble(), ["expiry"] = Date(file, c.GetProperty("days").GetInt32()),
                ["averaging"] = c.GetProperty("averaging").GetString(), ["discountCurve"] = id,
            };
            if (c.TryGetProperty("fixing_days", out var days))
            {
                trade["fixingDates"] = new JsonArray(days.EnumerateArray().Select(d => (JsonNode)Date(file, d.GetInt32())).ToArray());
            }

            trades.Add(trade);
        }

        var results = await PriceAsync(file, curves, equities, trades, ["pv", "delta", "gamma"]);
        var report = new ToleranceReport(OptionTolerance);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var s = c.GetProperty("S").GetDouble();
            var expected = c.GetProperty("expected");
            report.Check($"{c.GetProperty("id")}.price", expected.GetProperty("price").GetDouble(), Value(results[i], "pv"), 1e-13 * s);
            report.Check($"{c.GetProperty("id")}.delta", expected.GetProperty("delta").GetDouble(), Value(results[i], "delta"), 1e-13);
            report.Check($"{c.GetProperty("id")}.gamma", expected.GetProperty("gamma").GetDouble(), Value(results[i], "gamma"), 1e-13 / s);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public async Task SwapsMatchQuantLibThroughHttp()
    {
        var file = ReferenceCaseFile.Load("swap.json");
        var cases = file.Cases.ToList();
        var curves = new JsonObject();
        var trades = new JsonArray();
        foreach (var c in cases)
        {
            var id = c.GetProperty("id").GetString()!;
            curves[id] = LinearZero(c.GetProperty("curve"));
            trades.Add(new JsonObject
            {
                ["id"] = id, ["type"] = "interestRateSwap", ["notional"] = c.GetProperty("notional").GetDouble(),
                ["fixedRate"] = c.GetProperty("fixed_rate").GetDouble(), ["startDate"] = c.GetProperty("start_date").GetString(),
                ["maturityDate"] = c.GetProperty("end_date").GetString(), ["direction"] = "payFixed", ["fixedFrequency"] = "annual",
                ["floatFrequency"] = c.GetProperty("float_frequency").GetString(), ["curve"] = id,
            });
        }

        var results = await PriceAsync(file, curves, new JsonObject(), trades, ["pv", "parRate", "pv01"]);
        var report = new ToleranceReport(SwapTolerance);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var id = c.GetProperty("id").GetString();
            var expected = c.GetProperty("expected");
            var atol = 1e-10 * c.GetProperty("notional").GetDouble();
            report.Check($"{id}.npv_payer", expected.GetProperty("npv_payer").GetDouble(), Value(results[i], "pv"), atol);
            report.Check($"{id}.fair_rate", expected.GetProperty("fair_rate").GetDouble(), Value(results[i], "parRate"), 1e-14);
            report.Check($"{id}.pv01_payer", expected.GetProperty("pv01_payer").GetDouble(), Value(results[i], "pv01"), atol);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public async Task BondsMatchQuantLibThroughHttp()
    {
        var file = ReferenceCaseFile.Load("bond.json");
        var cases = file.Cases.ToList();
        var curves = new JsonObject();
        var trades = new JsonArray();
        foreach (var c in cases)
        {
            var id = c.GetProperty("id").GetString()!;
            curves[id] = LinearZero(c.GetProperty("curve"));
            trades.Add(new JsonObject
            {
                ["id"] = id, ["type"] = "fixedRateBond", ["faceValue"] = 100.0, ["couponRate"] = c.GetProperty("coupon_rate").GetDouble(),
                ["frequency"] = c.GetProperty("frequency").GetString(), ["issueDate"] = c.GetProperty("issue_date").GetString(),
                ["maturityDate"] = c.GetProperty("maturity_date").GetString(), ["curve"] = id,
            });
        }

        var results = await PriceAsync(file, curves, new JsonObject(), trades, ["pv", "dirtyPrice", "cleanPrice", "accruedInterest"]);
        var report = new ToleranceReport(BondTolerance);
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var id = c.GetProperty("id").GetString();
            var expected = c.GetProperty("expected");
            report.Check($"{id}.dirty_price", expected.GetProperty("dirty_price").GetDouble(), Value(results[i], "dirtyPrice"), 1e-12);
            report.Check($"{id}.pv", expected.GetProperty("dirty_price").GetDouble(), Value(results[i], "pv"), 1e-12);
            report.Check($"{id}.clean_price", expected.GetProperty("clean_price").GetDouble(), Value(results[i], "cleanPrice"), 1e-12);
            report.Check($"{id}.accrued", expected.GetProperty("accrued").GetDouble(), Value(results[i], "accruedInterest"), 1e-12);
        }

        report.AssertAllWithin();
    }

    [Fact]
    public async Task BootstrappedCurvesMatchQuantLibThroughHttp()
    {
        var file = ReferenceCaseFile.Load("curve_bootstrap.json");
        var report = new ToleranceReport(CurveTolerance);
        foreach (var c in file.Cases)
        {
            var instruments = new JsonArray();
            foreach (var d in c.GetProperty("deposits").EnumerateArray())
            {
                instruments.Add(new JsonObject { ["type"] = "deposit", ["tenor"] = d.GetProperty("tenor").GetString(), ["rate"] = d.GetProperty("rate").GetDouble() });
            }

            foreach (var s in c.GetProperty("swaps").EnumerateArray())
            {
                instruments.Add(new JsonObject
                {
                    ["type"] = "swap", ["tenor"] = s.GetProperty("tenor").GetString(), ["rate"] = s.GetProperty("rate").GetDouble(),
                    ["fixedFrequency"] = "annual", ["floatFrequency"] = "semiannual",
                });
            }

            var nodes = c.GetProperty("expected").GetProperty("nodes").EnumerateArray().ToList();
            var nodeDates = nodes.Select(n => Date(file, (int)Math.Round(n.GetProperty("t").GetDouble() * 365))).ToList();
            var body = new JsonObject
            {
                ["valuationDate"] = file.EvaluationDate.ToString("yyyy-MM-dd"),
                ["curve"] = new JsonObject { ["interpolation"] = "log-linear-discount", ["instruments"] = instruments },
                ["dates"] = new JsonArray(nodeDates.Select(d => (JsonNode)d).ToArray()),
            };
            var response = await fixture.Client.PostAsJsonAsync("/v1/curves/calibrate", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            var root = JsonDocument.Parse(text).RootElement;
            var gotNodes = root.GetProperty("nodes").EnumerateArray().ToList();
            var gotFactors = root.GetProperty("discountFactors").EnumerateArray().Select(x => x.GetDouble()).ToList();
            Assert.Equal(nodes.Count, gotNodes.Count);
            for (var i = 0; i < nodes.Count; i++)
            {
                var id = $"{c.GetProperty("id")}.node[{i}]";
                Assert.Equal(nodeDates[i], gotNodes[i].GetProperty("date").GetString());
                report.Check(id, nodes[i].GetProperty("df").GetDouble(), gotNodes[i].GetProperty("discountFactor").GetDouble(), 1e-13);
                report.Check(id + ".dates", nodes[i].GetProperty("df").GetDouble(), gotFactors[i], 1e-13);
            }
        }

        report.AssertAllWithin();
    }

    private async Task<List<JsonElement>> PriceAsync(ReferenceCaseFile file, JsonObject curves, JsonObject equities, JsonArray trades, IEnumerable<string> measures)
    {
        var body = new JsonObject
        {
            ["marketData"] = new JsonObject { ["valuationDate"] = file.EvaluationDate.ToString("yyyy-MM-dd"), ["curves"] = curves, ["equities"] = equities },
            ["trades"] = trades,
            ["measures"] = new JsonArray(measures.Select(m => (JsonNode)m).ToArray()),
        };
        var response = await fixture.Client.PostAsJsonAsync("/v1/price", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var results = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(trades.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(trades[i]!["id"]!.GetValue<string>(), results[i].GetProperty("tradeId").GetString());
            Assert.Empty(results[i].GetProperty("errors").EnumerateObject());
        }

        return results;
    }

    private static double Value(JsonElement result, string measure) => result.GetProperty("values").GetProperty(measure).GetDouble();

    private static string Date(ReferenceCaseFile file, int days) => file.EvaluationDate.AddDays(days).ToString("yyyy-MM-dd");

    private static JsonObject LinearZero(JsonElement curve) => new()
    {
        ["interpolation"] = "linear-zero",
        ["pillars"] = new JsonArray(curve.GetProperty("pillars").EnumerateArray()
            .Select(p => (JsonNode)new JsonObject { ["date"] = p.GetProperty("date").GetString(), ["zeroRate"] = p.GetProperty("z").GetDouble() })
            .ToArray()),
    };
}
