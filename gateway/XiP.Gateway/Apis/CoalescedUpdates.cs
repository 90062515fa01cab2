using System.Threading.Channels;
using XiP.Abstractions.Live;
using XiP.Abstractions.Pricing;

namespace XiP.Gateway.Apis;

/// <summary>
/// A subscriber's updates not written yet, folded into one: while the client is slower than the ticks, each newer
/// update is merged into the one waiting (its trades replace the same trades', its version, totals and sequence win),
/// so what is held stays within one book's trades however long the client lags, and nothing is reordered.
/// </summary>
/// <remarks>
/// Updates that arrive before the client has been sent the whole state are held apart until <see cref="Start"/> says
/// which state that was: those it already holds are dropped rather than merged, so no later update carries a trade
/// that did not change after the state.
/// </remarks>
/// <param name="subscriptionId">The subscription read: a notice that it ended completes the reader once what is waiting is read.</param>
internal sealed class CoalescedUpdates(string subscriptionId) : ChannelReader<SubscriptionUpdate>
{
    private readonly Lock _gate = new();
    private readonly Channel<bool> _posted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private SubscriptionUpdate? _pending;
    private List<SubscriptionUpdate>? _early = [];
    private (long Version, long Sequence) _seen;
    private bool _ended;

    /// <summary>Called in the order the subscription published; never blocks the stream's delivery.</summary>
    public void Post(SubscriptionUpdate update)
    {
        lock (_gate)
        {
            if (update.Ended is { } ended)
            {
                // another subscription of the same live book ended: nothing for this reader
                if (ended != subscriptionId)
                {
                    return;
                }

                _ended = true;
            }
            else if (_early is not null)
            {
                _early.Add(update);
                return;
            }
            else
            {
                Accept(update);
            }
        }

        _posted.Writer.TryWrite(true);
    }

    /// <summary>The client has been sent the state at <paramref name="version"/> and <paramref name="sequence"/>: only later updates go out.</summary>
    public void Start(long version, long sequence)
    {
        lock (_gate)
        {
            _seen = (version, sequence);
            foreach (var update in _early ?? [])
            {
                Accept(update);
            }

            _early = null;
        }

        _posted.Writer.TryWrite(true);
    }

    // A book change publishes at the same version, so the sequence tells a newer update; a live book activated again
    // (after a silo's loss) starts its sequence afresh at a version that goes on.
    private void Accept(SubscriptionUpdate update)
    {
        if (update.Version < _seen.Version || (update.Version == _seen.Version && update.Sequence <= _seen.Sequence))
        {
            return;
        }

        _seen = (update.Version, update.Sequence);
        _pending = _pending is null ? update : Merge(_pending, update);
    }

    public override bool TryRead(out SubscriptionUpdate item)
    {
        lock (_gate)
        {
            item = _pending!;
            _pending = null;
            return item is not null;
        }
    }

    public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_pending is not null)
                {
                    return true;
                }

                if (_ended)
                {
                    return false;
                }
            }

            // a post between the check and this wait has left its mark in the channel, so it is not missed
            await _posted.Reader.WaitToReadAsync(cancellationToken);
            _posted.Reader.TryRead(out _);
        }
    }

    /// <summary><paramref name="later"/> folded onto <paramref name="earlier"/>: the trades of either, each at its latest values.</summary>
    internal static SubscriptionUpdate Merge(SubscriptionUpdate earlier, SubscriptionUpdate later)
    {
        var at = new Dictionary<string, int>(earlier.Changed.Count + later.Changed.Count, StringComparer.Ordinal);
        var changed = new List<TradeResult>(earlier.Changed.Count + later.Changed.Count);
        foreach (var trade in earlier.Changed.Concat(later.Changed))
        {
            if (at.TryGetValue(trade.TradeId, out var k))
            {
                changed[k] = trade;
            }
            else
            {
                at[trade.TradeId] = changed.Count;
                changed.Add(trade);
            }
        }

        return new SubscriptionUpdate(later.Version, changed, later.Totals, later.Sequence);
    }
}
