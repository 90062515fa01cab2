using Spectre.Console;
using XiP.Contracts.Pricing;

namespace XiP.Cli.Output;

/// <summary>Trades down, measures across; a measure a trade has no value for shows why.</summary>
internal static class PriceTable
{
    public static Table Of(PriceResponse result)
    {
        var measures = result.Results.SelectMany(r => r.Values.Keys.Concat(r.Errors.Keys)).Distinct(StringComparer.Ordinal).ToList();
        var table = new Table().AddColumn("trade");
        foreach (var measure in measures)
        {
            table.AddColumn(new TableColumn(Markup.Escape(measure)).RightAligned());
        }

        foreach (var trade in result.Results)
        {
            var cells = new List<Text> { new(trade.TradeId) };
            cells.AddRange(measures.Select(m =>
                trade.Values.TryGetValue(m, out var value) ? new Text(Numbers.RoundTrip(value))
                : trade.Errors.TryGetValue(m, out var error) ? new Text(error, new Style(Color.Red))
                : new Text(string.Empty)));
            table.AddRow(cells);
        }

        return table;
    }
}
