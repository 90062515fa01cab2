using XiP.Contracts;
using XiP.Numerics;
using XiP.Pricing.Measures;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;

namespace XiP.Pricing.Columnar;

/// <summary>
/// Bonds of a batch: flows resolved and laid out per curve once per batch, then per market one cash-flow kernel
/// call per curve. The same numbers and failures as <see cref="DiscountingBondPricer"/>.
/// </summary>
internal sealed class BondBatch : ProductBatch
{
    private readonly List<Group> _groups = [];

    private BondBatch(BatchOutput output, TradeTable table, int firstRow, int rows, int firstTrade, MarketSet markets)
        : base(output, table.Bonds, firstRow, rows, firstTrade, DiscountingBondPricer.Default.SupportedMeasures, TradeTypes.FixedRateBond)
    {
        var b = table.Bonds;
        var baseMarket = markets[0];
        var valuationDay = markets.ValuationDate.DayNumber;
        var byCurve = new Dictionary<int, (List<int> Trades, List<double> Scale, List<ResolvedBond> Bonds)>();
        var order = new List<int>();
        for (var r = firstRow; r < firstRow + rows; r++)
        {
            var trade = b.Position[r] - firstTrade;
            var curveName = table.Names[b.Curve[r]];
            if (!baseMarket.Curves.ContainsKey(curveName))
            {
                FailAll(trade, $"the market data has no curve '{curveName}'.");
                continue;
            }

            if (b.MaturityDay[r] <= valuationDay)
            {
                FailAll(trade, "the bond matured on or before the valuation date.");
                continue;
            }

            if (!byCurve.TryGetValue(b.Curve[r], out var group))
            {
                group = ([], [], []);
                byCurve[b.Curve[r]] = group;
                order.Add(b.Curve[r]);
            }

            group.Trades.Add(trade);
            group.Scale.Add(b.FaceValue[r] / 100.0 * b.Quantity[r]);
            group.Bonds.Add(ResolvedBond.Resolve((FixedRateBondTrade)table.ToTrade(b.Position[r]), markets.ValuationDate));
        }

        var pv01 = Wants(Measure.Pv01);
        foreach (var curve in order)
        {
            var (trades, scale, bonds) = byCurve[curve];
            _groups.Add(new Group(table.Names[curve], [.. trades], [.. scale], bonds, pv01));
        }
    }

    public static BondBatch? Prepare(BatchOutput output, TradeTable table, int firstTrade, int count, MarketSet markets)
    {
        var (firstRow, rows) = table.RowRange(ProductKind.FixedRateBond, firstTrade, count);
        return rows == 0 ? null : new BondBatch(output, table, firstRow, rows, firstTrade, markets);
    }

    public override void Price(MarketSet markets, int market)
    {
        foreach (var g in _groups)
        {
            Cashflows.DiscountedSums(SwapBatch.DiscountFactors(markets, market, g.Curve, false, g.TableDays), g.Offsets, g.Days, g.Amounts, g.Dirty);
            if (g.Bumped.Length > 0)
            {
                Cashflows.DiscountedSums(SwapBatch.DiscountFactors(markets, market, g.Curve, true, g.TableDays), g.Offsets, g.Days, g.Amounts, g.Bumped);
            }

            foreach (var (measure, k) in Measures)
            {
                for (var j = 0; j < g.Trades.Length; j++)
                {
                    Output.Set(g.Trades[j], k, market, measure switch
                    {
                        Measure.Pv => g.Scale[j] * g.Dirty[j],
                        Measure.DirtyPrice => g.Dirty[j],
                        Measure.CleanPrice => g.Dirty[j] - g.Accrued[j],
                        Measure.AccruedInterest => g.Accrued[j],
                        Measure.Pv01 => g.Scale[j] * (g.Bumped[j] - g.Dirty[j]),
                        _ => throw new InvalidOperationException($"{measure} is not a bond measure."),
                    });
                }
            }
        }
    }

    private sealed class Group
    {
        public Group(string curve, int[] trades, double[] scale, List<ResolvedBond> bonds, bool pv01)
        {
            Curve = curve;
            Trades = trades;
            Scale = scale;
            Offsets = new int[bonds.Count + 1];
            for (var j = 0; j < bonds.Count; j++)
            {
                Offsets[j + 1] = Offsets[j] + bonds[j].PayDays.Length;
            }

            Days = bonds.SelectMany(b => b.PayDays).ToArray();
            Amounts = bonds.SelectMany(b => b.Amounts).ToArray();
            Accrued = bonds.Select(b => b.AccruedInterest).ToArray();
            TableDays = Days.Max() + 1;
            Dirty = new double[trades.Length];
            Bumped = pv01 ? new double[trades.Length] : [];
        }

        public string Curve { get; }
        public int[] Trades { get; }
        public double[] Scale { get; }
        public int[] Offsets { get; }
        public int[] Days { get; }
        public double[] Amounts { get; }
        public double[] Accrued { get; }
        public int TableDays { get; }
        public double[] Dirty { get; }
        public double[] Bumped { get; }
    }
}
