using System.Diagnostics;
using XiP.Numerics;
using XiP.Pricing.MarketData;
using XiP.Pricing.Pricers;
using XiP.Pricing.Products;
using XiP.Pricing.Time;

namespace XiP.Benchmarks.Platform;

/// <summary>
/// The numeric kernels' own rates on the benchmark's trades, one thread, in this process: what a run could reach per
/// core if nothing but the kernel ran. Each is the best of several half-second slices (the shared machine has slow spells).
/// </summary>
internal static class KernelRates
{
    /// <summary>European options priced per second (price only, or price and the six Greeks).</summary>
    public static double European(int count, bool greeks)
    {
        var sign = new double[count];
        var spot = new double[count];
        var strike = new double[count];
        var rate = new double[count];
        var dividend = new double[count];
        var vol = new double[count];
        var time = new double[count];
        for (var i = 0; i < count; i++)
        {
            var (underlying, put, k, expiry) = PlatformWorkloads.European(i);
            var acme = underlying == "ACME";
            (sign[i], spot[i], strike[i], rate[i], dividend[i], vol[i]) = (put ? -1 : 1, acme ? 100 : 40, k, 0.04, acme ? 0.01 : 0.0, acme ? 0.25 : 0.35);
            time[i] = DayCount.YearFraction(PlatformWorkloads.ValuationDate, expiry);
        }

        var price = new double[count];
        var g = Enumerable.Range(0, 6).Select(_ => new double[count]).ToArray();
        return Best(count, () =>
        {
            if (greeks)
            {
                BlackScholes.PriceAndGreeks(sign, spot, strike, rate, dividend, vol, time, new OptionGreeks(price, g[0], g[1], g[2], g[3], g[4], g[5]));
            }
            else
            {
                BlackScholes.Price(sign, spot, strike, rate, dividend, vol, time, price);
            }
        });
    }

    /// <summary>Swaps valued per second off one table of discount factors (the per-scenario kernel of a swap book).</summary>
    public static double Swaps(int count)
    {
        var market = MarketDataBuilder.Build(new MarketDataDefinition(
            PlatformWorkloads.ValuationDate,
            new Dictionary<string, CurveDefinition>
            {
                ["USD-SOFR"] = new PillarCurveDefinition(CurveInterpolationKind.LinearZero,
                    Enumerable.Range(0, 20).Select(k => new CurvePillar(PlatformWorkloads.ValuationDate.AddMonths(k * 9), 0.035 + 0.0004 * k)).ToList()),
            },
            new Dictionary<string, EquityMarket>()));
        var swaps = Enumerable.Range(0, count).Select(i =>
        {
            var (notional, fixedRate, payFixed) = PlatformWorkloads.Swap(i);
            var trade = new InterestRateSwapTrade($"sw-{i}", null, 1, notional, fixedRate, PlatformWorkloads.ValuationDate, PlatformWorkloads.ValuationDate.AddYears(10),
                payFixed ? SwapDirection.PayFixed : SwapDirection.ReceiveFixed, Frequency.Annual, Frequency.Quarterly, "USD-SOFR");
            return ResolvedSwap.Resolve(trade, PlatformWorkloads.ValuationDate, out _);
        }).ToList();
        var book = new SwapBook(swaps);
        var table = market.Curves["USD-SOFR"].DiscountFactorsByDay(book.LastDay + 1);
        var annuities = new double[count];
        var floating = new double[count];
        var pv = new double[count];
        return Best(count, () => book.PresentValues(table, annuities, floating, pv));
    }

    private static double Best(int itemsPerCall, Action call)
    {
        call();
        var best = 0.0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed < TimeSpan.FromSeconds(3))
        {
            var calls = 0;
            var slice = Stopwatch.StartNew();
            while (slice.Elapsed < TimeSpan.FromSeconds(0.5))
            {
                call();
                calls++;
            }

            best = Math.Max(best, (double)calls * itemsPerCall / slice.Elapsed.TotalSeconds);
        }

        return best;
    }
}
