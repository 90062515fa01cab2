using System.Text.Json;
using XiP.Pricing.MarketData;

namespace XiP.Pricing.Tests;

internal static class CurveFixtures
{
    /// <summary>The "curve" object of swap.json and bond.json as a linear-zero pillar definition.</summary>
    public static PillarCurveDefinition LinearZero(JsonElement curve) => new(
        CurveInterpolationKind.LinearZero,
        curve.GetProperty("pillars").EnumerateArray()
            .Select(p => new CurvePillar(DateOnly.Parse(p.GetProperty("date").GetString()!), p.GetProperty("z").GetDouble()))
            .ToList());

    public static MarketSnapshot Market(DateOnly valuationDate, string name, CurveDefinition curve) => MarketDataBuilder.Build(
        new MarketDataDefinition(valuationDate, new Dictionary<string, CurveDefinition> { [name] = curve }, new Dictionary<string, EquityMarket>()));
}
