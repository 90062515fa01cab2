using XiP.Grains.Runs;
using XiP.Numerics;

namespace XiP.Grains.Tests;

/// <summary>The run's scheduling and adding up, without a cluster.</summary>
public sealed class BatchSchedulerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly HashSet<string> NonePreferred = [];

    [Fact]
    public void Each_silo_takes_batches_up_to_its_capacity_and_done_batches_are_never_sent_again()
    {
        var scheduler = new BatchScheduler<string>(batches: 6, done: new HashSet<int> { 1, 4 }, maxAttempts: 2, TimeSpan.FromSeconds(30));
        (string, int)[] silos = [("a", 1), ("b", 2)];
        var sent = new List<(int Batch, string Silo)>();
        while (scheduler.TryNext(silos, NonePreferred, Now, out var next, out var silo))
        {
            sent.Add((next.Batch, silo!));
        }

        Assert.Equal([0, 2, 3], sent.Select(s => s.Batch));
        Assert.Equal(1, sent.Count(s => s.Silo == "a"));
        Assert.Equal(2, sent.Count(s => s.Silo == "b"));
        Assert.Equal(3, scheduler.InFlight);

        scheduler.Returned("a", failed: false, Now);
        scheduler.Completed();
        Assert.True(scheduler.TryNext(silos, NonePreferred, Now, out var last, out var lastSilo));
        Assert.Equal(((5, 1), "a"), (last, lastSilo));
        Assert.False(scheduler.TryNext(silos, NonePreferred, Now, out _, out _));
    }

    [Fact]
    public void A_failed_batch_comes_back_with_its_next_attempt_until_its_attempts_are_spent()
    {
        var scheduler = new BatchScheduler<string>(1, new HashSet<int>(), maxAttempts: 3, TimeSpan.FromSeconds(30));
        var attempts = new List<int>();
        while (scheduler.TryNext([("a", 1)], NonePreferred, Now, out var next, out var silo))
        {
            attempts.Add(next.Attempt);
            scheduler.Returned(silo, failed: true, Now);
            if (!scheduler.Failed(next.Batch, next.Attempt))
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3], attempts);
        Assert.False(scheduler.HasWork);
    }

    [Fact]
    public void Shares_follow_capacity_the_least_loaded_for_its_size_goes_first_and_a_preferred_silo_wins_a_tie()
    {
        var scheduler = new BatchScheduler<string>(100, new HashSet<int>(), maxAttempts: 3, TimeSpan.FromSeconds(30));
        (string, int)[] silos = [("small", 2), ("big", 8)];
        var first = new List<string>();
        while (scheduler.TryNext(silos, NonePreferred, Now, out _, out var silo))
        {
            first.Add(silo!);
        }

        Assert.Equal(2, first.Count(s => s == "small"));
        Assert.Equal(8, first.Count(s => s == "big"));

        // one back from each: both are at three quarters and one half; the less loaded for its size goes next
        scheduler.Returned("small", failed: false, Now);
        scheduler.Completed();
        scheduler.Returned("big", failed: false, Now);
        scheduler.Completed();
        Assert.True(scheduler.TryNext(silos, NonePreferred, Now, out _, out var next));
        Assert.Equal("small", next);

        var fresh = new BatchScheduler<string>(10, new HashSet<int>(), maxAttempts: 3, TimeSpan.FromSeconds(30));
        Assert.True(fresh.TryNext([("a", 4), ("b", 4)], new HashSet<string> { "b" }, Now, out _, out var preferred));
        Assert.Equal("b", preferred);
    }

    [Fact]
    public void A_silo_where_a_batch_failed_rests_while_another_is_left()
    {
        var scheduler = new BatchScheduler<string>(10, new HashSet<int>(), maxAttempts: 3, TimeSpan.FromSeconds(30));
        (string, int)[] silos = [("a", 5), ("b", 5)];
        Assert.True(scheduler.TryNext(silos, NonePreferred, Now, out var next, out var silo));
        scheduler.Returned(silo, failed: true, Now);
        scheduler.Failed(next.Batch, next.Attempt);
        var rested = silo!;
        var other = rested == "a" ? "b" : "a";

        var during = Enumerable.Range(0, 3).Select(i => scheduler.TryNext(silos, NonePreferred, Now.AddSeconds(29), out _, out var s) ? s : null).ToList();
        Assert.All(during, s => Assert.Equal(other, s));
        Assert.True(scheduler.TryNext([(rested, 5)], NonePreferred, Now.AddSeconds(1), out _, out var alone));
        Assert.Equal(rested, alone);
        Assert.True(scheduler.TryNext(silos, NonePreferred, Now.AddSeconds(31), out _, out var after));
        Assert.Equal(rested, after);
        Assert.False(scheduler.TryNext([], NonePreferred, Now, out _, out _));
    }

    [Fact]
    public void Unplaced_batches_keep_to_the_window()
    {
        var scheduler = new BatchScheduler<string>(5, new HashSet<int>(), maxAttempts: 3, TimeSpan.FromSeconds(30));
        Assert.True(scheduler.TryNextUnplaced(2, out _));
        Assert.True(scheduler.TryNextUnplaced(2, out _));
        Assert.False(scheduler.TryNextUnplaced(2, out _));
        scheduler.Completed();
        Assert.True(scheduler.TryNextUnplaced(2, out var third));
        Assert.Equal((2, 1), third);
    }

    [Fact]
    public void Totals_folded_as_batches_finish_in_any_order_are_the_bits_of_adding_every_block_in_order()
    {
        const int Markets = 5;
        var random = new Random(7);
        var batches = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, Markets * (1 + random.Next(4))).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(12))).ToArray()).ToList();
        var expected = new double[Markets];
        Aggregation.SumRows(batches.SelectMany(b => b).ToArray(), Markets, expected);

        foreach (var order in new[] { Enumerable.Range(0, 9), Enumerable.Range(0, 9).Reverse(), new[] { 3, 0, 8, 1, 2, 7, 4, 6, 5 } })
        {
            var totals = new RunTotals(Markets);
            foreach (var batch in order)
            {
                totals.Add(batch, batches[batch]);
                totals.Add(batch, batches[batch]); // a batch reported twice counts once
            }

            Assert.Equal(9, totals.Folded);
            Assert.Empty(totals.Pending);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), totals.Totals.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Totals_resume_from_their_saved_state()
    {
        const int Markets = 2;
        double[][] batches = [[1, 2], [3, 4, 5, 6], [7, 8]];
        var first = new RunTotals(Markets);
        first.Add(0, batches[0]);
        first.Add(2, batches[2]);

        var resumed = new RunTotals(Markets, first.Totals, first.Folded, first.Pending);
        resumed.Add(1, batches[1]);

        Assert.Equal([16.0, 20.0], resumed.Totals);
        Assert.Equal(3, resumed.Folded);
    }
}
