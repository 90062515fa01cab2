using Orleans.Core.Internal;
using XiP.Abstractions;
using XiP.Abstractions.Trades;

namespace XiP.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TradeAndBookGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task ANewTradeIsVersionOneAndTheSameDefinitionAgainChangesNothing()
    {
        var id = NewId("t");
        var grain = Grains.GetGrain<ITradeGrain>(id);

        var first = await grain.PutAsync(European(id, strike: 100));
        var again = await grain.PutAsync(European(id, strike: 100));
        var stored = await grain.GetAsync();

        Assert.Equal(new TradeStored(1, Created: true, Changed: true, PreviousBook: null), first);
        Assert.Equal(new TradeStored(1, Created: false, Changed: false, PreviousBook: null), again);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(ClusterFixture.Now, stored.StoredAt);
        // a trade stored without a book lives in the default book, and reads back naming it
        Assert.Equal(European(id, strike: 100) with { Book = Books.Default }, stored.Trade);
    }

    [Fact]
    public async Task AChangedDefinitionIsTheNextVersionAndEveryVersionStaysReadable()
    {
        var id = NewId("t");
        var grain = Grains.GetGrain<ITradeGrain>(id);

        await grain.PutAsync(European(id, strike: 100));
        var second = await grain.PutAsync(European(id, strike: 101));
        var third = await grain.PutAsync(European(id, strike: 101) with { Quantity = 2 });

        Assert.Equal(new TradeStored(2, Created: false, Changed: true, PreviousBook: null), second);
        Assert.Equal(3, third.Version);
        Assert.Equal(3, (await grain.GetAsync())!.Version);
        Assert.Equal(100, ((EuropeanOptionSpec)(await grain.GetVersionAsync(1))!.Trade).Strike);
        Assert.Equal(101, ((EuropeanOptionSpec)(await grain.GetVersionAsync(2))!.Trade).Strike);
        Assert.Equal(2, (await grain.GetVersionAsync(3))!.Trade.Quantity);
        Assert.Null(await grain.GetVersionAsync(0));
        Assert.Null(await grain.GetVersionAsync(4));
    }

    [Fact]
    public async Task EqualContentInNewInstancesIsUnchangedAndAnotherProductUnderTheIdIsAChange()
    {
        var id = NewId("t");
        var grain = Grains.GetGrain<ITradeGrain>(id);

        await grain.PutAsync(Asian(id));
        var same = await grain.PutAsync(Asian(id));
        var bond = await grain.PutAsync(new FixedRateBondSpec
        {
            Id = id, FaceValue = 100, CouponRate = 0.0106, Frequency = PaymentFrequency.Annual,
            IssueDate = new DateOnly(2022, 1, 8), MaturityDate = new DateOnly(2052, 1, 8), Curve = "USD-SOFR",
        });

        Assert.False(same.Changed);
        Assert.Equal(1, same.Version);
        Assert.True(bond.Changed);
        Assert.IsType<FixedRateBondSpec>((await grain.GetAsync())!.Trade);
    }

    [Fact]
    public async Task ATradeNeverStoredReadsAsNull()
    {
        var grain = Grains.GetGrain<ITradeGrain>(NewId("never"));

        Assert.Null(await grain.GetAsync());
        Assert.Null(await grain.GetVersionAsync(1));
    }

    [Fact]
    public async Task ATradeWhoseIdIsNotTheGrainKeyIsRefused()
    {
        var id = NewId("t");
        var grain = Grains.GetGrain<ITradeGrain>(id);

        await Assert.ThrowsAsync<ArgumentException>(() => grain.PutAsync(European(id + "-other", strike: 100)));
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task TheVersionAfterAMoveNamesTheBookTheTradeLeft()
    {
        var id = NewId("t");
        var grain = Grains.GetGrain<ITradeGrain>(id);

        await grain.PutAsync(European(id, strike: 100));
        var toA = await grain.PutAsync(European(id, strike: 100, book: "desk-a"));
        var changedInA = await grain.PutAsync(European(id, strike: 102, book: "desk-a"));
        var toB = await grain.PutAsync(European(id, strike: 102, book: "desk-b"));

        Assert.Equal(Books.Default, toA.PreviousBook);
        Assert.Null(changedInA.PreviousBook);
        Assert.Equal("desk-a", toB.PreviousBook);
    }

    [Fact]
    public async Task ABookStoresItsTradesAndListsThemByIdAtTheirCurrentVersions()
    {
        var book = NewId("book");
        var ids = new[] { "b", "a", "C", "a-1" }.Select(s => $"{book}-{s}").ToList();
        var grain = Grains.GetGrain<IBookGrain>(book);

        var first = await grain.UpsertAsync(ids.Select(id => (TradeSpec)European(id, strike: 100, book: book)).ToList());
        var second = await grain.UpsertAsync(ids.Select(id => (TradeSpec)European(id, strike: id.EndsWith("-a", StringComparison.Ordinal) ? 105 : 100, book: book)).ToList());
        var trades = await grain.GetTradesAsync();

        Assert.Equal(new BookUpsertResult(4, 4, 0), first);
        Assert.Equal(new BookUpsertResult(4, 0, 1), second);
        Assert.Equal(ids.Order(StringComparer.Ordinal), trades.Select(t => t.Trade.Id));
        Assert.Equal(ids.Order(StringComparer.Ordinal).Select(id => id.EndsWith("-a", StringComparison.Ordinal) ? 2 : 1), trades.Select(t => t.Version));
        Assert.All(trades, t => Assert.Equal(ClusterFixture.Now, t.StoredAt));
        Assert.Equal(105, ((EuropeanOptionSpec)trades.Single(t => t.Version == 2).Trade).Strike);
        Assert.Equal(2, (await Grains.GetGrain<ITradeGrain>($"{book}-a").GetAsync())!.Version);
    }

    [Fact]
    public async Task TradesWithoutABookBelongToTheDefaultBook()
    {
        var id = NewId("t");

        await Grains.GetGrain<IBookGrain>(Books.Default).UpsertAsync([European(id, strike: 100)]);

        Assert.Contains(await Grains.GetGrain<IBookGrain>(Books.Default).GetTradesAsync(), t => t.Trade.Id == id);
    }

    [Fact]
    public async Task ABookRefusesATradeOfAnotherBookAndStoresNoneOfTheCall()
    {
        var book = NewId("book");
        var good = NewId("t");
        var stray = NewId("t");

        await Assert.ThrowsAsync<ArgumentException>(() => Grains.GetGrain<IBookGrain>(book).UpsertAsync(
            [European(good, strike: 100, book: book), European(stray, strike: 100, book: book + "-other")]));

        Assert.Null(await Grains.GetGrain<ITradeGrain>(good).GetAsync());
        Assert.Null(await Grains.GetGrain<ITradeGrain>(stray).GetAsync());
        Assert.Empty(await Grains.GetGrain<IBookGrain>(book).GetTradesAsync());
    }

    [Fact]
    public async Task ABookRefusesTheSameTradeTwiceInOneCall()
    {
        var book = NewId("book");
        var id = NewId("t");

        await Assert.ThrowsAsync<ArgumentException>(() => Grains.GetGrain<IBookGrain>(book).UpsertAsync(
            [European(id, strike: 100, book: book), European(id, strike: 101, book: book)]));

        Assert.Null(await Grains.GetGrain<ITradeGrain>(id).GetAsync());
    }

    [Fact]
    public async Task ATradeStoredThroughAnotherBookLeavesTheFirst()
    {
        var bookA = NewId("book");
        var bookB = NewId("book");
        var moving = NewId("t");
        var staying = NewId("t");

        await Grains.GetGrain<IBookGrain>(bookA).UpsertAsync([European(moving, strike: 100, book: bookA), European(staying, strike: 100, book: bookA)]);
        var moved = await Grains.GetGrain<IBookGrain>(bookB).UpsertAsync([European(moving, strike: 100, book: bookB)]);

        Assert.Equal(new BookUpsertResult(1, 0, 1), moved);
        Assert.Equal([staying], (await Grains.GetGrain<IBookGrain>(bookA).GetTradesAsync()).Select(t => t.Trade.Id));
        var inB = Assert.Single(await Grains.GetGrain<IBookGrain>(bookB).GetTradesAsync());
        Assert.Equal((moving, 2), (inB.Trade.Id, inB.Version));
    }

    [Fact]
    public async Task TwoBooksExchangingTradesAtTheSameTimeBothFinishWithTheRightMembers()
    {
        // Each upsert moves trades away from the other book while the other is busy moving trades back:
        // each book waits for the other's removes, which would never come if removes could not interleave.
        const int PerBook = 300;
        var bookA = NewId("book");
        var bookB = NewId("book");
        var startInA = Enumerable.Range(0, PerBook).Select(i => $"{bookA}-t{i:D4}").ToList();
        var startInB = Enumerable.Range(0, PerBook).Select(i => $"{bookB}-t{i:D4}").ToList();
        await Grains.GetGrain<IBookGrain>(bookA).UpsertAsync(startInA.Select(id => (TradeSpec)European(id, strike: 100, book: bookA)).ToList());
        await Grains.GetGrain<IBookGrain>(bookB).UpsertAsync(startInB.Select(id => (TradeSpec)European(id, strike: 100, book: bookB)).ToList());

        var results = await Task.WhenAll(
            Grains.GetGrain<IBookGrain>(bookA).UpsertAsync(startInB.Select(id => (TradeSpec)European(id, strike: 100, book: bookA)).ToList()),
            Grains.GetGrain<IBookGrain>(bookB).UpsertAsync(startInA.Select(id => (TradeSpec)European(id, strike: 100, book: bookB)).ToList()));

        Assert.All(results, r => Assert.Equal(new BookUpsertResult(PerBook, 0, PerBook), r));
        Assert.Equal(startInB, (await Grains.GetGrain<IBookGrain>(bookA).GetTradesAsync()).Select(t => t.Trade.Id));
        Assert.Equal(startInA, (await Grains.GetGrain<IBookGrain>(bookB).GetTradesAsync()).Select(t => t.Trade.Id));
        Assert.All(await Grains.GetGrain<IBookGrain>(bookA).GetTradesAsync(), t => Assert.Equal(2, t.Version));
    }

    [Fact]
    public async Task ABookReactivatedFromItsStateLoadsItsTradesFromTheTradeGrains()
    {
        const int Count = 500;
        var book = NewId("book");
        var ids = Enumerable.Range(0, Count).Select(i => $"{book}-t{i:D4}").ToList();
        var grain = Grains.GetGrain<IBookGrain>(book);
        await grain.UpsertAsync(ids.Select(id => (TradeSpec)European(id, strike: 100, book: book)).ToList());
        // A change stored directly (not through the book) is what a reload has to pick up.
        await Grains.GetGrain<ITradeGrain>(ids[7]).PutAsync(European(ids[7], strike: 107, book: book));

        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var trades = await grain.GetTradesAsync();

        Assert.Equal(ids, trades.Select(t => t.Trade.Id));
        Assert.Equal(2, trades[7].Version);
        Assert.Equal(107, ((EuropeanOptionSpec)trades[7].Trade).Strike);
        Assert.Equal(Count - 1, trades.Count(t => t.Version == 1));
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static EuropeanOptionSpec European(string id, double strike, string? book = null) => new()
    {
        Id = id, Book = book, Underlying = "ACME", OptionType = OptionKind.Call, Strike = strike,
        Expiry = new DateOnly(2029, 11, 23), DiscountCurve = "USD-FLAT",
    };

    private static GeometricAsianOptionSpec Asian(string id) => new()
    {
        Id = id, Underlying = "ACME", OptionType = OptionKind.Put, Strike = 52.78, Expiry = new DateOnly(2024, 2, 20),
        Averaging = AveragingKind.Discrete, FixingDates = [new DateOnly(2024, 1, 17), new DateOnly(2024, 1, 19)], DiscountCurve = "USD-FLAT",
    };
}
