using XiP.Grains.Runs;
using XiP.Numerics;

namespace XiP.Grains.Tests;

/// <summary>The run's scheduling and adding up, without a cluster.</summary>
public sealed class BatchSchedulerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_window_holds_at_most_its_size_and_done_batches_are_never_sent_again()
    {
        var scheduler = new BatchScheduler<string>(batches: 6, done: new HashSet<int> { 1, 4 }, maxInFlight: 3, maxAttempts: 2, TimeSpan.FromSeconds(30));
        var sent = new List<int>();
        while (scheduler.TryNext(out var next))
        {
            sent.Add(next.Batch);
        }

        Assert.Equal([0, 2, 3], sent);
        Assert.Equal(3, scheduler.InFlight);
        scheduler.Completed();
        Assert.True(scheduler.TryNext(out var last));
        Assert.Equal((5, 1), last);
        Assert.False(scheduler.TryNext(out _));
    }

    [Fact]
    public void A_failed_batch_comes_back_with_its_next_attempt_until_its_attempts_are_spent()
    {
        var scheduler = new BatchScheduler<string>(1, new HashSet<int>(), maxInFlight: 1, maxAttempts: 3, TimeSpan.FromSeconds(30));
        var attempts = new List<int>();
        while (scheduler.TryNext(out var next))
        {
            attempts.Add(next.Attempt);
            if (!scheduler.Failed(next.Batch, next.Attempt))
            {
                break;
            }
        }

        Assert.Equal([1, 2, 3], attempts);
        Assert.False(scheduler.HasWork);
    }

    [Fact]
    public void Batches_go_to_the_silo_with_the_fewest_in_flight_and_a_silo_that_failed_rests()
    {
        var scheduler = new BatchScheduler<string>(10, new HashSet<int>(), maxInFlight: 10, maxAttempts: 3, TimeSpan.FromSeconds(30));
        string[] silos = ["a", "b", "c"];
        var first = Enumerable.Range(0, 6).Select(_ =>
        {
            var silo = scheduler.PickSilo(silos, Now)!;
            scheduler.Sent(silo);
            return silo;
        }).ToList();

        Assert.Equal(2, first.Count(s => s == "a"));
        Assert.Equal(2, first.Count(s => s == "b"));
        Assert.Equal(2, first.Count(s => s == "c"));

        scheduler.Returned("b", failed: true, Now);
        Assert.DoesNotContain("b", Enumerable.Range(0, 4).Select(_ => scheduler.PickSilo(silos, Now.AddSeconds(29))));
        Assert.Equal("b", scheduler.PickSilo(["b"], Now.AddSeconds(1)));
        Assert.Contains("b", Enumerable.Range(0, 3).Select(_ => scheduler.PickSilo(silos, Now.AddSeconds(31))));
        Assert.Null(scheduler.PickSilo([], Now));
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
