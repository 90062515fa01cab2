namespace XiP.Benchmarks.Workloads;

/// <summary>The kernels of the quick mode, in report order, each tied to its workload's buffers.</summary>
internal static class QuickKernels
{
    public static IReadOnlyList<Kernel> All() =>
    [
        .. European(new EuropeanWorkload()),
        EuropeanFarFromTheMoney(new EuropeanWorkload(farFromTheMoney: true)),
        Asian(new AsianWorkload()),
        SwapNpv(new SwapBookWorkload()),
        BondDirtyPrice(new BondBookWorkload()),
        SwapBookScenarios(new SwapScenarioWorkload()),
    ];

    public static IReadOnlyList<Kernel> European(EuropeanWorkload w) =>
    [
        new("europeanAllGreeks", "European price + all Greeks", "options", w.Count, w.PriceAndGreeks, () => w.Greeks),
        new("europeanPrice", "European price only", "options", w.Count, w.Price, () => [w.Prices]),
    ];

    public static Kernel EuropeanFarFromTheMoney(EuropeanWorkload w) =>
        new("europeanPriceFarFromMoney", "European price only, strikes 25-30% away", "options", w.Count, w.Price, () => [w.Prices]);

    public static Kernel Asian(AsianWorkload w) =>
        new("asianGeometric", "Geometric Asian price + Greeks", "options", w.Count, w.PriceAndGreeks, () => w.Outputs);

    public static Kernel SwapNpv(SwapBookWorkload w) =>
        new("swapNpv10y", "Swap NPV, 10y (DF table + book)", "swaps", w.Count, w.PresentValues, () => w.Outputs);

    public static Kernel BondDirtyPrice(BondBookWorkload w) =>
        new("bondDirtyPrice", "Bond dirty price, 10y semiannual", "bonds", w.Count, w.DirtyPrices, () => w.Outputs);

    public static Kernel SwapBookScenarios(SwapScenarioWorkload w) =>
        new("swapBookScenarios", $"Swap book x {w.Scenarios} scenarios", "swap-scenarios", w.Swaps * w.Scenarios, w.PresentValues, () => w.Outputs);
}
