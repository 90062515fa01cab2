using XiP.Contracts;
using XiP.Pricing.Measures;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;

namespace XiP.Pricing.Columnar;

/// <summary>
/// Swaps of a batch: schedules resolved and laid out per curve once per batch, then per market two cash-flow
/// kernel calls per curve off the market set's discount table. The same numbers and failures as
/// <see cref="DiscountingSwapPricer"/>.
/// </summary>
internal sealed class SwapBatch : ProductBatch
{
    private readonly List<Group> _groups = [];

    private SwapBatch(BatchOutput output, TradeTable table, int firstRow, int rows, int firstTrade, MarketSet markets)
        : base(output, table.Swaps, firstRow, rows, firstTrade, DiscountingSwapPricer.Default.SupportedMeasures, TradeTypes.InterestRateSwap)
    {
        var s = table.Swaps;
        var baseMarket = markets[0];
        var byCurve = new Dictionary<int, (List<int> Trades, List<double> Quantity, List<ResolvedSwap> Swaps)>();
        var order = new List<int>();
        for (var r = firstRow; r < firstRow + rows; r++)
        {
            var trade = s.Position[r] - firstTrade;
            var curveName = table.Names[s.Curve[r]];
            if (!baseMarket.Curves.ContainsKey(curveName))
            {
                FailAll(trade, $"the market data has no curve '{curveName}'.");
                continue;
            }

            var swap = ResolvedSwap.Resolve((InterestRateSwapTrade)table.ToTrade(s.Position[r]), markets.ValuationDate, out var error);
            if (error is not null)
            {
                FailAll(trade, error);
                continue;
            }

            if (!byCurve.TryGetValue(s.Curve[r], out var group))
            {
                group = ([], [], []);
                byCurve[s.Curve[r]] = group;
                order.Add(s.Curve[r]);
            }

            group.Trades.Add(trade);
            group.Quantity.Add(s.Quantity[r]);
            group.Swaps.Add(swap);
        }

        var pv01 = Wants(Measure.Pv01);
        foreach (var curve in order)
        {
            var (trades, quantity, swaps) = byCurve[curve];
            _groups.Add(new Group(table.Names[curve], [.. trades], [.. quantity], new SwapBook(swaps), pv01));
        }
    }

    public static SwapBatch? Prepare(BatchOutput output, TradeTable table, int firstTrade, int count, MarketSet markets)
    {
        var (firstRow, rows) = table.RowRange(ProductKind.InterestRateSwap, firstTrade, count);
        return rows == 0 ? null : new SwapBatch(output, table, firstRow, rows, firstTrade, markets);
    }

    public override void Price(MarketSet markets, int market)
    {
        foreach (var g in _groups)
        {
            g.Book.PresentValues(DiscountFactors(markets, market, g.Curve, false, g.Book.LastDay + 1), g.Annuities, g.Floating, g.Pv);
            if (g.Bumped.Length > 0)
            {
                g.Book.PresentValues(DiscountFactors(markets, market, g.Curve, true, g.Book.LastDay + 1), g.Scratch, g.Scratch2, g.Bumped);
            }

            foreach (var (measure, k) in Measures)
            {
                for (var j = 0; j < g.Trades.Length; j++)
                {
                    switch (measure)
                    {
                        case Measure.Pv:
                            Output.Set(g.Trades[j], k, market, g.Quantity[j] * g.Pv[j]);
                            break;
                        case Measure.ParRate when g.Annuities[j] == 0.0:
                            Output.Fail(g.Trades[j], k, market, "no fixed coupon is left to pay, so there is no par rate.");
                            break;
                        case Measure.ParRate:
                            Output.Set(g.Trades[j], k, market, g.Floating[j] / g.Annuities[j]);
                            break;
                        case Measure.Pv01:
                            Output.Set(g.Trades[j], k, market, g.Quantity[j] * (g.Bumped[j] - g.Pv[j]));
                            break;
                        default:
                            throw new InvalidOperationException($"{measure} is not a swap measure.");
                    }
                }
            }
        }
    }

    /// <summary>The market set's table, or for flows beyond it (centuries away) a table of the curve's own.</summary>
    internal static ReadOnlySpan<double> DiscountFactors(MarketSet markets, int market, string curve, bool bumped, int days) =>
        days <= MarketSet.MaxTableDays ? markets.DiscountFactorsByDay(market, curve, bumped, days) : markets.Curve(market, curve, bumped).DiscountFactorsByDay(days);

    private sealed class Group(string curve, int[] trades, double[] quantity, SwapBook book, bool pv01)
    {
        public string Curve { get; } = curve;
        public int[] Trades { get; } = trades;
        public double[] Quantity { get; } = quantity;
        public SwapBook Book { get; } = book;
        public double[] Annuities { get; } = new double[trades.Length];
        public double[] Floating { get; } = new double[trades.Length];
        public double[] Pv { get; } = new double[trades.Length];
        public double[] Bumped { get; } = pv01 ? new double[trades.Length] : [];
        public double[] Scratch { get; } = pv01 ? new double[trades.Length] : [];
        public double[] Scratch2 { get; } = pv01 ? new double[trades.Length] : [];
    }
}
