using XiP.Abstractions.Live;
using XiP.Abstractions.MarketData;

namespace XiP.Gateway.Validation;

/// <summary>Validates a live market's <c>PATCH</c> body: curves as a snapshot's curves, equities with any of their fields.</summary>
public static class MarketPatchReader
{
    /// <param name="valuationDate">the live market's, which pillars may not precede.</param>
    public static MarketPatch? Read(JsonObjectReader patch, DateOnly valuationDate)
    {
        if (patch.Has("valuationDate"))
        {
            patch.Errors.Add(patch.PathOf("valuationDate"), "changes only by PUT, which replaces the whole live market.");
            patch.Value("valuationDate", false);
        }

        var curves = new Dictionary<string, CurveSpec>(StringComparer.Ordinal);
        foreach (var (name, element, path) in patch.Map("curves", required: false) ?? [])
        {
            if (JsonObjectReader.Open(element, path, patch.Errors) is { } curve && MarketDataReader.ReadCurve(curve, valuationDate) is { } spec)
            {
                curves[name] = spec;
            }
        }

        var equities = new Dictionary<string, EquityPatch>(StringComparer.Ordinal);
        foreach (var (name, element, path) in patch.Map("equities", required: false) ?? [])
        {
            if (JsonObjectReader.Open(element, path, patch.Errors) is { } equity)
            {
                var spot = equity.Number("spot", required: false, rule: Rules.Price);
                var dividendYield = equity.Number("dividendYield", required: false, rule: Rules.Rate);
                var volatility = equity.Number("volatility", required: false, rule: Rules.Volatility);
                equity.RejectUnknown();
                equities[name] = new EquityPatch(spot, dividendYield, volatility);
            }
        }

        patch.RejectUnknown();
        return patch.Errors.Any ? null : new MarketPatch { Curves = curves, Equities = equities };
    }
}
