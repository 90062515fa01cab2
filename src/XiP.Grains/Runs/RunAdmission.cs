using XiP.Abstractions.MarketData;
using XiP.Abstractions.Runs;
using XiP.Abstractions.Scenarios;
using XiP.Abstractions.Trades;
using XiP.Pricing.Columnar;
using XiP.Trades;

namespace XiP.Grains.Runs;

/// <summary>
/// Whether a submitted run can start, in two steps. <see cref="CheckAsync"/> costs a few grain calls: its snapshot and
/// scenario set are stored, its scenarios, trades and valuations are within the limits (counted, not loaded). Only a
/// run that passed it and was admitted among the runs at once loads its portfolio (<see cref="LoadAsync"/>), resolved
/// once into a trade table in the run's order (trade id by code point, the order of its results).
/// </summary>
internal static class RunAdmission
{
    /// <summary>The run's scenario count, or why it is refused; nothing is loaded.</summary>
    public static async Task<(int Scenarios, RunSubmission? Refusal)> CheckAsync(RunRequest request, IGrainFactory grains, RunOptions options)
    {
        var entitlement = request.Entitlement is { IsAll: false } limited ? limited : null;
        if (request.Book is { } requestedBook && entitlement is not null && !entitlement.Allows(requestedBook))
        {
            return (0, Forbidden("book", $"the caller is not entitled to book '{requestedBook}'."));
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

        if (request.Book is { } empty && tradeCount == 0)
        {
            return Refused("book", $"book '{empty}' has no trades.");
        }

        return (scenarios, null);
    }

    /// <summary>The run's portfolio in run order, or why it is refused (a trade not stored, a book changed since it was counted).</summary>
    public static async Task<(TradeTable? Trades, RunSubmission? Refusal)> LoadAsync(RunRequest request, IGrainFactory grains, ITradeStore trades, RunOptions options)
    {
        // a run by trade ids is checked against the submitter's books here, where its trades are loaded anyway
        var entitlement = request.Entitlement is { IsAll: false } limited ? limited : null;
        TradeTable table;
        if (request.Book is { } book)
        {
            table = TradeTableCodec.Decode((await grains.GetGrain<IBookGrain>(book).GetTableAsync()).Data);
            if (table.Count == 0)
            {
                return (null, Refusal("book", $"book '{book}' has no trades."));
            }
        }
        else
        {
            var ids = request.TradeIds ?? [];
            var (found, missing) = await trades.LoadTradesAsync(ids);
            if (missing.Count > 0)
            {
                return (null, Refusal($"tradeIds[{missing[0]}]", $"no trade '{ids[missing[0]]}' is stored."));
            }

            table = InRunOrder(found);
            if (entitlement is not null && FirstNotAllowed(table, entitlement) is { } row)
            {
                var position = ids.IndexOf(table.Ids[row]);
                return (null, Forbidden($"tradeIds[{position}]", $"trade '{table.Ids[row]}' is in book '{table.BookOf(row)}', which the caller is not entitled to."));
            }
        }

        // the book may have grown since it was counted
        if (table.Count > options.MaxTradesPerRun)
        {
            return (null, Refusal(request.Book is null ? "tradeIds" : "book", $"the run has {table.Count} trades; a run may price at most {options.MaxTradesPerRun}."));
        }

        return (table, null);
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

    private static RunSubmission Forbidden(string field, string message) => RunSubmission.Refused(RunRefusal.Forbidden, field, message);

    private static RunSubmission Refusal(string field, string message) => RunSubmission.Refused(RunRefusal.Invalid, field, message);

    private static (int, RunSubmission?) Refused(string field, string message) => (0, Refusal(field, message));
}
