using XiP.Abstractions.Trades;

namespace XiP.Tests;

/// <summary>
/// Twelve calls whose PVs are each finite (about 1.7e307) and whose total is not: a book only an older version could
/// have stored (the gateway now bounds quantities), written straight to the book grain.
/// </summary>
public static class HugeBook
{
    public static async Task StoreAsync(IGrainFactory grains, string book)
    {
        var trades = Enumerable.Range(0, 12).Select(i => (TradeSpec)new EuropeanOptionSpec
        {
            Id = $"{book}-huge{i}", Book = book, Quantity = 1e306, Underlying = "ACME", OptionType = OptionKind.Call, Strike = 127.2,
            Expiry = new DateOnly(2029, 11, 23), DiscountCurve = "USD-FLAT",
        }).ToList();
        await grains.GetGrain<IBookGrain>(book).UpsertAsync(trades);
    }
}
