using XiP.Abstractions.Live;
using XiP.Abstractions.Pricing;
using XiP.Gateway.Apis;

namespace XiP.Gateway.Tests;

/// <summary>A slow reader's updates fold into one: latest values per trade, the newest version and totals, nothing already in the state it was sent.</summary>
public sealed class CoalescedUpdatesTests
{
    [Fact]
    public void UpdatesPostedWhileTheReaderIsBusyFoldIntoOneWithEachTradesLatestValues()
    {
        var updates = new CoalescedUpdates("mine");
        updates.Start(version: 1, sequence: 1);

        updates.Post(Update(2, 2, ("a", 1.0), ("b", 2.0)));
        updates.Post(Update(3, 3, ("b", 2.5), ("c", 3.0)));
        updates.Post(Update(5, 4, ("a", 1.5)));

        Assert.True(updates.TryRead(out var folded));
        Assert.Equal((5L, 4L), (folded.Version, folded.Sequence));
        Assert.Equal([("a", 1.5), ("b", 2.5), ("c", 3.0)], folded.Changed.Select(t => (t.TradeId, t.Values["pv"])));
        Assert.Equal(5.0, folded.Totals["pv"]);
        Assert.False(updates.TryRead(out _));
    }

    [Fact]
    public void UpdatesThatArriveBeforeTheStateAreKeptApartAndThoseTheStateHoldsAreDropped()
    {
        var updates = new CoalescedUpdates("mine");

        updates.Post(Update(4, 1, ("everything", 1.0)));
        updates.Post(Update(5, 2, ("a", 2.0)));
        Assert.False(updates.TryRead(out _));
        updates.Start(version: 4, sequence: 1);

        Assert.True(updates.TryRead(out var next));
        Assert.Equal([("a", 2.0)], next.Changed.Select(t => (t.TradeId, t.Values["pv"])));
    }

    [Fact]
    public void AnOlderUpdateDeliveredLateIsNeverSentAfterANewerOne()
    {
        var updates = new CoalescedUpdates("mine");
        updates.Start(version: 1, sequence: 1);
        updates.Post(Update(3, 3, ("a", 3.0)));
        Assert.True(updates.TryRead(out _));

        updates.Post(Update(2, 2, ("a", 2.0)));
        updates.Post(Update(3, 3, ("a", 3.0)));

        Assert.False(updates.TryRead(out _));
    }

    [Fact]
    public async Task AReaderWaitingForAnUpdateWakesWhenOneIsPosted()
    {
        var updates = new CoalescedUpdates("mine");
        updates.Start(version: 0, sequence: 0);
        var waiting = updates.ReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        updates.Post(Update(1, 1, ("a", 1.0)));

        Assert.Equal(1, (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Version);
    }

    [Fact]
    public async Task TheEndOfThisSubscriptionEndsTheReaderAfterWhatWaitsAndAnothersEndChangesNothing()
    {
        var updates = new CoalescedUpdates("mine");
        updates.Start(version: 0, sequence: 0);
        updates.Post(Update(1, 1, ("a", 1.0)));
        updates.Post(new SubscriptionUpdate(1, [], [], 2, Ended: "other"));
        updates.Post(Update(2, 3, ("a", 2.0)));
        updates.Post(new SubscriptionUpdate(2, [], [], 4, Ended: "mine"));

        Assert.Equal(2, (await updates.ReadAsync()).Version);
        Assert.False(await updates.WaitToReadAsync());
    }

    private static SubscriptionUpdate Update(long version, long sequence, params (string Id, double Pv)[] trades) =>
        new(version, [.. trades.Select(t => new TradeResult(t.Id, new() { ["pv"] = t.Pv }, []))], new() { ["pv"] = version }, sequence);
}
