using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Pricing.Columnar;
using XiP.Trades;

namespace XiP.Grains.Runs;

/// <summary>
/// Whether a submitted run can start, checked before any work: its snapshot and scenario set are stored, its
/// scenarios, trades and valuations are within the limits (counted before the trades are loaded); and its portfolio, resolved once into a trade table in the run's
/// order (trade id by code point, the order of its results).
/// </summary>
internal static class RunAdmission
{
    public static async Task<(TradeTable? Trades, int Scenarios, RunSubmission? Refusal)> AdmitAsync(RunRequest request, IGrainFactory grains, ITradeStore trades, RunOptions options)
    {
        var entitlement = request.Entitlement is { IsAll: false } limited ? limited : null;
        if (request.Book is { } requestedBook && entitlement is not null && !entitlement.Allows(requestedBook))
        {
            return Forbidden("book", $"the caller is not entitled to book '{requestedBook}'.");
        }

        if (await grains.GetGrain<IMarketDataGrain>(request.MarketDataId).GetAsync() is null)
        {
            return Refused("marketDataId", $"no market-data snapshot '{request.MarketDataId}' is stored.");
        }

        var scenarios = 0;
        if (request.ScenarioSetId is { } setId)
        {
            if (await grains.GetGrain<IScenarioSetGrain>(setId).GetAsync() is not { } set)
            {
                return Refused("scenarioSetId", $"no scenario set '{setId}' is stored.");
            }

            scenarios = set.Scenarios.Count + (set.Generate?.Count ?? 0);
            if (scenarios > options.MaxScenariosPerRun)
            {
                return Refused("scenarioSetId", $"the set has {scenarios} scenarios; a run may use at most {options.MaxScenariosPerRun}.");
            }
        }

        // the run's cost is known before its trades are loaded: refuse it before it costs anything
        var tradeCount = request.Book is { } counted ? await grains.GetGrain<IBookGrain>(counted).CountAsync() : request.TradeIds?.Count ?? 0;
        var valuations = (long)tradeCount * (scenarios + 1) * request.Measures.Count;
        if (valuations > options.MaxValuationsPerRun)
        {
            return Refused(
                request.Book is null ? "tradeIds" : "book",
                $"the run asks for {valuations} valuations ({tradeCount} trades × {scenarios + 1} markets × {request.Measures.Count} measures); "
                + $"a run may ask for at most {options.MaxValuationsPerRun} ({RunOptions.SectionName}:MaxValuationsPerRun).");
        }

        if (tradeCount > options.MaxTradesPerRun)
        {
            return Refused(request.Book is null ? "tradeIds" : "book", $"the run has {tradeCount} trades; a run may price at most {options.MaxTradesPerRun}.");
        }

        TradeTable table;
        if (request.Book is { } book)
        {
            table = TradeTableCodec.Decode((await grains.GetGrain<IBookGrain>(book).GetTableAsync()).Data);
            if (table.Count == 0)
            {
                return Refused("book", $"book '{book}' has no trades.");
            }
        }
        else
        {
            var ids = request.TradeIds ?? [];
            var (found, missing) = await trades.LoadTradesAsync(ids);
            if (missing.Count > 0)
            {
                return Refused($"tradeIds[{missing[0]}]", $"no trade '{ids[missing[0]]}' is stored.");
            }

            table = InRunOrder(found);
            if (entitlement is not null && FirstNotAllowed(table, entitlement) is { } row)
            {
                var position = ids.IndexOf(table.Ids[row]);
                return Forbidden($"tradeIds[{position}]", $"trade '{table.Ids[row]}' is in book '{table.BookOf(row)}', which the caller is not entitled to.");
            }
        }

        // the book may have grown since it was counted
        if (table.Count > options.MaxTradesPerRun)
        {
            return Refused(request.Book is null ? "tradeIds" : "book", $"the run has {table.Count} trades; a run may price at most {options.MaxTradesPerRun}.");
        }

        return (table, scenarios, null);
    }

    /// <summary>The table's trades by id in code point order (a book is already in it).</summary>
    private static TradeTable InRunOrder(TradeTable table)
    {
        var order = Enumerable.Range(0, table.Count).ToArray();
        Array.Sort(order, (a, b) => CodePointOrder.Instance.Compare(table.Ids[a], table.Ids[b]));
        var builder = new TradeTableBuilder(table.Count);
        foreach (var i in order)
        {
            builder.AddRow(table, i);
        }

        return builder.Build();
    }

    private static int? FirstNotAllowed(TradeTable table, BookPatterns entitlement)
    {
        for (var i = 0; i < table.Count; i++)
        {
            if (!entitlement.Allows(table.BookOf(i)))
            {
                return i;
            }
        }

        return null;
    }

    private static (TradeTable?, int, RunSubmission?) Forbidden(string field, string message) => (null, 0, RunSubmission.Refused(RunRefusal.Forbidden, field, message));

    private static (TradeTable?, int, RunSubmission?) Refused(string field, string message) => (null, 0, RunSubmission.Refused(RunRefusal.Invalid, field, message));
}
