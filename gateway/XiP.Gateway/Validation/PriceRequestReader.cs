using System.Text.Json;
using XiP.Abstractions.MarketData;
using XiP.Abstractions.Pricing;
using XiP.Abstractions.Trades;
using XiP.Contracts;

namespace XiP.Gateway.Validation;

/// <summary>Validates the body of <c>POST /v1/price</c>.</summary>
public static class PriceRequestReader
{
    /// <summary>
    /// The validated request; market data is either inline (<c>marketData</c>) or a stored snapshot
    /// (<c>marketDataId</c>), in which case <paramref name="loadSnapshot"/> fetches it.
    /// </summary>
    public static async Task<PriceRequest?> ReadAsync(JsonElement body, int maxTrades, Func<string, Task<MarketDataSpec?>> loadSnapshot, ValidationErrors errors)
    {
        if (JsonObjectReader.Open(body, string.Empty, errors) is not { } root)
        {
            return null;
        }

        var market = await ReadMarketAsync(root, loadSnapshot);
        // With broken market data, checking what trades refer to in it would only add noise.
        var reference = errors.Any ? null : market;
        var trades = new List<TradeSpec>();
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (element, path) in root.Array("trades", minCount: 1, maxCount: maxTrades) ?? [])
        {
            if (JsonObjectReader.Open(element, path, errors) is not { } reader || TradeReader.Read(reader, reference) is not { } trade)
            {
                continue;
            }

            if (firstIndexOfId.TryGetValue(trade.Id, out var first))
            {
                errors.Add(reader.PathOf("id"), $"repeats the id of trades[{first}].");
                continue;
            }

            firstIndexOfId[trade.Id] = trades.Count;
            trades.Add(trade);
        }

        var measures = ReadMeasures(root);
        root.RejectUnknown();
        return errors.Any || market is null ? null : new PriceRequest(market, trades, measures);
    }

    /// <summary>Canonical measure names, duplicates dropped, order kept.</summary>
    public static List<string> ReadMeasures(JsonObjectReader root)
    {
        var measures = new List<string>();
        foreach (var (element, path) in root.Array("measures", minCount: 1, maxCount: Limits.MaxMeasuresPerRequest) ?? [])
        {
            if (element.ValueKind == JsonValueKind.String && WireNames.Measures.TryGetValue(element.GetString()!, out var measure))
            {
                if (!measures.Contains(measure))
                {
                    measures.Add(measure);
                }
            }
            else
            {
                root.Errors.Add(path, $"must be one of {string.Join(", ", WireNames.Measures.Keys)}.");
            }
        }

        return measures;
    }

    private static async Task<MarketDataSpec?> ReadMarketAsync(JsonObjectReader root, Func<string, Task<MarketDataSpec?>> loadSnapshot)
    {
        if (root.Has("marketData") == root.Has("marketDataId"))
        {
            root.Errors.Add("marketData", "give either marketData (inline) or marketDataId (a stored snapshot), exactly one.");
            root.Value("marketData", false);
            root.Value("marketDataId", false);
            return null;
        }

        if (root.Has("marketData"))
        {
            return root.Object("marketData") is { } inline ? MarketDataReader.Read(inline) : null;
        }

        var id = root.String("marketDataId");
        if (id is null)
        {
            return null;
        }

        var stored = await loadSnapshot(id);
        if (stored is null)
        {
            root.Errors.Add(root.PathOf("marketDataId"), $"no market-data snapshot '{id}' is stored.");
        }

        return stored;
    }
}
