using System.Globalization;
using Spectre.Console;
using XiP.Client;
using XiP.Contracts;
using XiP.Contracts.Runs;

namespace XiP.Cli.Output;

/// <summary>A run as a two-column grid: status, counts, timings and, once completed, PV, VaR and ES as amounts (<see cref="RiskNumbers"/>).</summary>
internal static class RunView
{
    public static string StatusName(RunState status) => status.ToString().ToLowerInvariant();

    public static Grid Of(RunStatus run)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "run", run.RunId);
        Row(grid, "status", StatusName(run.Status));
        Row(grid, "valuations", $"{run.Done} done, {run.Failed} failed, of {run.Total}");
        if (run.Shape is { } shape)
        {
            Row(grid, "shape", $"{shape.Trades} trades × {shape.Scenarios + 1} markets (base + {shape.Scenarios} scenarios) × {shape.Measures} measures, {shape.Batches} batches");
        }

        if (run.Timings is { } timings)
        {
            Row(grid, "time", string.Create(CultureInfo.InvariantCulture, $"{timings.TotalSeconds:0.###} s ({timings.ValuationsPerSecond:#,0} valuations/s)"));
        }

        if (run.Error is { } error)
        {
            Row(grid, "error", error);
        }

        if (run.SummaryError is { } summaryError)
        {
            Row(grid, "summary", summaryError);
        }

        if (run.Summary is { } summary)
        {
            if (summary.PvByScenario.Length > 0)
            {
                Row(grid, "pv (base)", Amount(summary.PvByScenario[0]));
            }

            Row(grid, "var95", Amount(summary.Var95));
            Row(grid, "var99", Amount(summary.Var99));
            Row(grid, "es95", Amount(summary.Es95));
            Row(grid, "es99", Amount(summary.Es99));
            Row(grid, "failed trades", summary.FailedTrades.ToString(CultureInfo.InvariantCulture));
        }

        return grid;
    }

    private static void Row(Grid grid, string label, string value) => grid.AddRow(new Text(label), new Text(value));

    // VaR and ES are amounts of the book's PV, read to the cent like it
    private static string Amount(double? value) => value is { } v ? RiskNumbers.Format(Measures.Pv, v) : "-";
}
