using System.Data.Common;
using XiP.Abstractions;
using XiP.Grains.Runs;

namespace XiP.Grains.Tests;

/// <summary>A store that is down is waited out: its failures spend no attempts, and the wait is bounded.</summary>
public sealed class StoreOutageTests
{
    [Fact]
    public void Failures_of_a_store_that_is_down_do_not_spend_a_batchs_attempts()
    {
        var scheduler = new BatchScheduler<string>(1, new HashSet<int>(), maxAttempts: 2, TimeSpan.FromSeconds(30));
        (string, int)[] silos = [("a", 1)];
        HashSet<string> none = [];
        var attempts = new List<int>();
        for (var i = 0; i < 10 && scheduler.TryNext(silos, none, DateTimeOffset.UnixEpoch, out var next, out _); i++)
        {
            attempts.Add(next.Attempt);
            scheduler.Returned("a", failed: false, DateTimeOffset.UnixEpoch);
            Assert.True(scheduler.Failed(next.Batch, next.Attempt, count: false));
        }

        // ten outage failures later the batch still has both of its attempts: one counted failure leaves it one more
        Assert.Equal(Enumerable.Range(1, 10), attempts);
        Assert.True(scheduler.TryNext(silos, none, DateTimeOffset.UnixEpoch, out var eleventh, out _));
        scheduler.Returned("a", failed: false, DateTimeOffset.UnixEpoch);
        Assert.True(scheduler.Failed(eleventh.Batch, eleventh.Attempt));
        Assert.True(scheduler.TryNext(silos, none, DateTimeOffset.UnixEpoch, out var twelfth, out _));
        Assert.False(scheduler.Failed(twelfth.Batch, twelfth.Attempt));
        Assert.False(scheduler.HasWork);
    }

    [Fact]
    public void An_outage_is_waited_out_for_the_tolerance_counted_from_its_first_failure_and_a_success_ends_it()
    {
        var clock = new SteppedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var watch = new StoreOutageWatch(new RunOptions { StoreOutageTolerance = TimeSpan.FromSeconds(60) }, clock);

        Assert.False(watch.Outlasted(out var waited));
        Assert.Equal(TimeSpan.Zero, waited);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(watch.Outlasted(out waited));
        Assert.Equal(TimeSpan.FromSeconds(60), waited);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watch.Outlasted(out waited));

        watch.Answered();
        Assert.False(watch.Outlasted(out waited));
        Assert.Equal(TimeSpan.Zero, waited);
    }

    [Fact]
    public void The_delay_grows_with_the_attempts_up_to_its_maximum()
    {
        var watch = new StoreOutageWatch(new RunOptions { RetryDelay = TimeSpan.FromMilliseconds(250), MaxRetryDelay = TimeSpan.FromSeconds(1) }, TimeProvider.System);

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)],
            new[] { 0, 1, 2, 4, 1000 }.Select(watch.DelayAfter));
    }

    [Fact]
    public void A_store_is_down_when_a_driver_or_the_silo_says_so_anywhere_in_the_error()
    {
        Assert.True(StoreOutages.Is(new StorageUnavailableException("the store failed")));
        Assert.True(StoreOutages.Is(new InvalidOperationException("wrapped", new DriverFailure())));
        Assert.True(StoreOutages.Is(new AggregateException(new TimeoutException(), new StorageUnavailableException("down"))));
        Assert.False(StoreOutages.Is(new InvalidOperationException("injected failure of a batch")));
        Assert.False(StoreOutages.Is(new AggregateException(new TimeoutException())));
        Assert.False(StoreOutages.Is(null));
    }

    private sealed class DriverFailure() : DbException("connection refused");

    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
