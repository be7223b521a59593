using LiveWire.Core.Timeline;

namespace LiveWire.Core.Ordering.Internal;

/// <summary>
/// Commits a topic's accepted changes in their accept order without making them queue for one another: parks a change
/// the store answers <see cref="CommitStatus.Early"/>, drains the parked ones after each commit, and passes a missing
/// change over or gives a change back as the protocol says (docs/timeline.md#ordering).
/// </summary>
/// <param name="store">The store that answers <see cref="CommitStatus.Early"/>.</param>
/// <param name="timeProvider">The clock of the pauses and of the wait.</param>
/// <param name="orderWait">How long a change waits for its turn before it takes its place anyway.</param>
/// <param name="sentOrderWait">
/// How long a change waits in all before it passes over a place whose change the bus took (<see cref="TopicOrdering.Stale"/>).
/// </param>
/// <param name="capacity">
/// How many changes may wait here at once: one less than the consumer slots, so one is always free for the change the
/// others wait for.
/// </param>
/// <param name="overdue">Hears of each change that stops waiting (once as overdue, once as stale), with its wait.</param>
internal sealed class OrderedCommits(
    ITimelineStore store,
    TimeProvider timeProvider,
    TimeSpan orderWait,
    TimeSpan sentOrderWait,
    int capacity,
    Action<TimelineChange> overdue)
{
    // How many SentOrderWaits a change waits before it passes over a place whose change came and then never settled.
    private const int StuckWaits = 4;
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(50);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, long Order), Parked> _parked = [];

    /// <summary>Commits <paramref name="change"/>, in its turn when it has one.</summary>
    public async Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken)
    {
        if (change is not { AcceptOrder: { } order, Ordering: not TopicOrdering.None })
        {
            return await store.CommitAsync(change, cancellationToken);
        }

        var key = (change.Topic, order);
        var parkedFor = TimeSpan.Zero;
        var pause = FirstPause;
        var heard = TopicOrdering.InTurn;
        Parked? parked = null;

        // The change's wait (docs/timeline.md#ordering, "What a wait counts"): its waits in workers before it was
        // given back, and its pauses here between tries; not a try the store took long to answer.
        TimeSpan Waited() => change.Waited + parkedFor;
        TimelineChange Reordered(TimelineChange waiting)
        {
            var waited = Waited();
            var ordering = waited >= StuckWaits * sentOrderWait ? TopicOrdering.Stuck
                : waited >= sentOrderWait ? TopicOrdering.Stale
                : waited >= orderWait ? TopicOrdering.Overdue
                : TopicOrdering.InTurn;
            if (ordering > heard)
            {
                heard = ordering;
                overdue(waiting with { Ordering = ordering, Waited = waited });
            }

            return waiting with { Ordering = ordering };
        }

        change = Reordered(change);
        try
        {
            while (true)
            {
                var result = await store.CommitAsync(change, cancellationToken);
                if (result.Status != CommitStatus.Early)
                {
                    CommitParkedAfter(change.Topic, order);
                    return result;
                }

                if (change.Ordering is not TopicOrdering.InTurn)
                {
                    // The store passed over what it could, and one before this change is still open (its change may
                    // be on its way): this one waits its turn again.
                    change = change with { Ordering = TopicOrdering.InTurn };
                    if (parked is not null)
                    {
                        parked.Change = change;
                    }
                }

                parked ??= Park(key, change);
                parked.Release();
                while (true)
                {
                    var pausedAt = timeProvider.GetTimestamp();
                    await Task.WhenAny(parked.Done, parked.Evicted, Task.Delay(pause, timeProvider, cancellationToken));
                    parkedFor += timeProvider.GetElapsedTime(pausedAt);
                    if (parked.Done.IsCompleted)
                    {
                        return await parked.Done;
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                    if (parked.TryClaim())
                    {
                        break;
                    }

                    // The change before it is committing it right now: wait for that, or for it to let go.
                }

                if (parked.Evicted.IsCompleted)
                {
                    throw new TurnNotYetException(change.Topic, order, Waited());
                }

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));

                change = parked.Change = Reordered(change);
            }
        }
        finally
        {
            if (parked is not null)
            {
                Unpark(key, parked);
            }
        }
    }

    // Starts committing the parked changes that follow `order`, beside the caller's fan-out: the caller's event goes
    // out first, and its message is not held while the others commit. The commits belong to no caller's trace or
    // cancellation; their owners wait for them.
    private void CommitParkedAfter(string topic, long order)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = CommitParkedAfterAsync(topic, order);
        }
    }

    // Commits the parked change that follows `order`, then the one after it, and so on. A change that is still early
    // (the store's order moved on elsewhere) or fails goes back to its owner, which tries again by itself. Never
    // faults.
    private async Task CommitParkedAfterAsync(string topic, long order)
    {
        while (TryTake((topic, order + 1), out var next))
        {
            CommitResult result;
            try
            {
                result = await store.CommitAsync(next.Change, CancellationToken.None);
            }
            catch (Exception)
            {
                Return((topic, order + 1), next);
                return;
            }

            if (result.Status == CommitStatus.Early)
            {
                Return((topic, order + 1), next);
                return;
            }

            next.Complete(result);
            order++;
        }
    }

    private Parked Park((string Topic, long Order) key, TimelineChange change)
    {
        var parked = new Parked(change);
        lock (_gate)
        {
            if (!_parked.TryAdd(key, parked))
            {
                // A second delivery of a change that waits here already: it goes back, and commits as a duplicate.
                parked.Evict();
            }
            else if (_parked.Count > capacity)
            {
                // The change of this topic furthest from its turn makes room (this one, if it is that change).
                var furthest = _parked.Keys.Where(k => k.Topic == key.Item1).MaxBy(k => k.Order);
                _parked.Remove(furthest, out var evicted);
                evicted!.Evict();
            }
        }

        return parked;
    }

    private void Unpark((string, long) key, Parked parked)
    {
        lock (_gate)
        {
            if (_parked.TryGetValue(key, out var held) && held == parked)
            {
                _parked.Remove(key);
            }
        }
    }

    private bool TryTake((string, long) key, out Parked parked)
    {
        lock (_gate)
        {
            if (_parked.TryGetValue(key, out parked!) && parked.TryClaim())
            {
                _parked.Remove(key);
                return true;
            }
        }

        return false;
    }

    private void Return((string, long) key, Parked parked)
    {
        lock (_gate)
        {
            _parked.TryAdd(key, parked);
        }

        parked.Release();
    }

    private sealed class Parked(TimelineChange change)
    {
        private readonly TaskCompletionSource<CommitResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _evicted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _claimed = 1;

        /// <summary>The change as its owner last tried it.</summary>
        public TimelineChange Change { get; set; } = change;

        /// <summary>Completes when a committer other than the owner has committed it.</summary>
        public Task<CommitResult> Done => _done.Task;

        /// <summary>Completes when the change must make room: its owner gives it back once it holds it.</summary>
        public Task Evicted => _evicted.Task;

        /// <summary>Tells the owner to give the change back.</summary>
        public void Evict() => _evicted.TrySetResult();

        /// <summary>Takes the change to try it; false while someone else is trying it.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

        /// <summary>Lets others try it.</summary>
        public void Release() => Volatile.Write(ref _claimed, 0);

        public void Complete(CommitResult result) => _done.TrySetResult(result);
    }
}
