using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Grains.Mapping;
using XiP.Pricing.Columnar;

namespace XiP.Grains.Runs;

/// <summary>
/// Whether a submitted run can start, checked before any work: its snapshot and scenario set are stored, its
/// scenarios and trades are within the limits; and its portfolio, resolved once into a trade table in the run's
/// order (trade id by code point, the order of its results).
/// </summary>
internal static class RunAdmission
{
    public static async Task<(TradeTable? Trades, int Scenarios, RunSubmission? Refusal)> AdmitAsync(RunRequest request, IGrainFactory grains, RunOptions options)
    {
        if (await grains.GetGrain<IMarketDataGrain>(request.MarketDataId).GetAsync() is null)
        {
            return Refused(400, "marketDataId", $"no market-data snapshot '{request.MarketDataId}' is stored.");
        }

        var scenarios = 0;
        if (request.ScenarioSetId is { } setId)
        {
            if (await grains.GetGrain<IScenarioSetGrain>(setId).GetAsync() is not { } set)
            {
                return Refused(400, "scenarioSetId", $"no scenario set '{setId}' is stored.");
            }

            scenarios = set.Scenarios.Count + (set.Generate?.Count ?? 0);
            if (scenarios > options.MaxScenariosPerRun)
            {
                return Refused(400, "scenarioSetId", $"the set has {scenarios} scenarios; a run may use at most {options.MaxScenariosPerRun}.");
            }
        }

        List<VersionedTrade> trades;
        if (request.Book is { } book)
        {
            trades = await grains.GetGrain<IBookGrain>(book).GetTradesAsync();
            if (trades.Count == 0)
            {
                return Refused(400, "book", $"book '{book}' has no trades.");
            }
        }
        else
        {
            var ids = request.TradeIds ?? [];
            var found = new VersionedTrade?[ids.Count];
            // 64 calls at a time, awaited on the run grain's own scheduler
            for (var start = 0; start < ids.Count; start += 64)
            {
                await Task.WhenAll(Enumerable.Range(start, Math.Min(64, ids.Count - start))
                    .Select(async i => found[i] = await grains.GetGrain<ITradeGrain>(ids[i]).GetAsync()));
            }
            var missing = Array.FindIndex(found, t => t is null);
            if (missing >= 0)
            {
                return Refused(400, $"tradeIds[{missing}]", $"no trade '{ids[missing]}' is stored.");
            }

            trades = [.. found.Select(t => t!)];
        }

        if (trades.Count > options.MaxTradesPerRun)
        {
            return Refused(400, request.Book is null ? "tradeIds" : "book", $"the run has {trades.Count} trades; a run may price at most {options.MaxTradesPerRun}.");
        }

        trades.Sort((a, b) => CodePointOrder.Instance.Compare(a.Trade.Id, b.Trade.Id));
        var builder = new TradeTableBuilder(trades.Count);
        foreach (var trade in trades)
        {
            builder.Add(WireMapper.ToTrade(trade.Trade), trade.Version, Books.Default);
        }

        return (builder.Build(), scenarios, null);
    }

    private static (TradeTable?, int, RunSubmission?) Refused(int status, string field, string message) => (null, 0, RunSubmission.Refused(status, field, message));
}
