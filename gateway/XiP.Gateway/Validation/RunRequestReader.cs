using System.Text.Json;
using XiP.Abstractions.Runs;

namespace XiP.Gateway.Validation;

/// <summary>Validates the body of <c>POST /v1/runs</c>.</summary>
public static class RunRequestReader
{
    public static RunRequest? Read(JsonElement body, int maxTradeIds, ValidationErrors errors)
    {
        if (JsonObjectReader.Open(body, string.Empty, errors) is not { } root)
        {
            return null;
        }

        if (root.Has("book") == root.Has("tradeIds"))
        {
            errors.Add("book", "give either book or tradeIds, exactly one.");
            root.Value("book", false);
            root.Value("tradeIds", false);
        }

        var book = root.Has("book") ? root.String("book") : null;
        List<string>? tradeIds = null;
        if (root.Has("tradeIds"))
        {
            tradeIds = [];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (element, path) in root.Array("tradeIds", minCount: 1, maxCount: maxTradeIds) ?? [])
            {
                if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
                {
                    errors.Add(path, "must be a trade id.");
                }
                else if (!seen.Add(element.GetString()!))
                {
                    errors.Add(path, "repeats an earlier trade id.");
                }
                else
                {
                    tradeIds.Add(element.GetString()!);
                }
            }
        }

        var marketDataId = root.String("marketDataId");
        var scenarioSetId = root.String("scenarioSetId", required: false);
        var measures = PriceRequestReader.ReadMeasures(root);
        var clientRunId = root.String("clientRunId", required: false);
        root.RejectUnknown();
        return errors.Any || marketDataId is null
            ? null
            : new RunRequest { Book = book, TradeIds = tradeIds, MarketDataId = marketDataId, ScenarioSetId = scenarioSetId, Measures = measures, ClientRunId = clientRunId };
    }
}
