using Spectre.Console;
using Spectre.Console.Rendering;
using XiP.Contracts.Pricing;

namespace XiP.Cli.Output;

/// <summary>
/// Trades down, measures across, numbers right-aligned as <see cref="RiskNumbers"/> writes them; a measure a trade has
/// no value for shows a short mark, and each distinct reason is listed once under the table.
/// </summary>
internal static class PriceTable
{
    public static IRenderable Of(PriceResponse result)
    {
        var measures = result.Results.SelectMany(r => r.Values.Keys.Concat(r.Errors.Keys)).Distinct(StringComparer.Ordinal).ToList();
        var table = new Table().AddColumn("trade");
        foreach (var measure in measures)
        {
            table.AddColumn(new TableColumn(Markup.Escape(measure)).RightAligned());
        }

        var reasons = new List<string>();
        foreach (var trade in result.Results)
        {
            var cells = new List<Text> { new(trade.TradeId) };
            cells.AddRange(measures.Select(m =>
                trade.Values.TryGetValue(m, out var value) ? new Text(RiskNumbers.Format(m, value))
                : trade.Errors.TryGetValue(m, out var error) ? new Text(RiskNumbers.Mark(Footnote(reasons, error)), new Style(Color.Red))
                : new Text(string.Empty)));
            table.AddRow(cells);
        }

        return reasons.Count == 0
            ? table
            : new Rows([table, .. reasons.Select((reason, i) => new Text($"{RiskNumbers.Mark(i + 1)} {reason}"))]);
    }

    private static int Footnote(List<string> reasons, string reason)
    {
        var index = reasons.IndexOf(reason);
        if (index < 0)
        {
            reasons.Add(reason);
            index = reasons.Count - 1;
        }

        return index + 1;
    }
}
