using LiveWire.Core.Timeline;

namespace LiveWire.Core.Ingestion;

/// <summary>
/// Commits a topic's accepted changes in their accept order (<see cref="TopicOrdering.InTurn"/>) without making them
/// queue for one another. A change that comes before its turn (the store answers <see cref="CommitStatus.Early"/>) is
/// parked here, and whoever commits the change before it commits it too, straight after (beside its own fan-out): a
/// run of changes that arrived out of order goes in one pass, not one wake-up each (on a busy node every wake-up waits
/// behind the thread pool's queue). A parked change also tries again by itself, after pauses of 1, 2, 4 … 50 ms (the
/// change before it may be in another worker), and once <c>OrderWait</c> has passed the store passes over the first
/// change missing before it (<see cref="TopicOrdering.Overdue"/>): changes that did come, in any worker, keep their
/// order, and each missing one costs one <c>OrderWait</c>.
/// </summary>
/// <param name="store">The store that answers <see cref="CommitStatus.Early"/>.</param>
/// <param name="timeProvider">The clock of the pauses and of the wait.</param>
/// <param name="orderWait">How long a change waits for its turn before it takes its place anyway.</param>
/// <param name="sentOrderWait">
/// How long a change waits in all before it passes over a place whose change the bus took (<see cref="TopicOrdering.Stale"/>).
/// </param>
/// <param name="overdue">Hears of each change that stops waiting.</param>
internal sealed class OrderedCommits(
    ITimelineStore store, TimeProvider timeProvider, TimeSpan orderWait, TimeSpan sentOrderWait, Action<TimelineChange> overdue)
{
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
        var started = timeProvider.GetTimestamp();
        var parkedSince = started;
        var pause = FirstPause;
        Parked? parked = null;
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

                if (change.Ordering is TopicOrdering.Overdue or TopicOrdering.Stale)
                {
                    // The store passed over one missing place, and one before this change is still open (its change
                    // may be in another worker): this one waits its turn again, a next missing place gets a wait of
                    // its own.
                    change = change with { Ordering = TopicOrdering.InTurn };
                    started = timeProvider.GetTimestamp();
                    if (parked is not null)
                    {
                        parked.Change = change;
                    }
                }

                parked ??= Park(key, change);
                parked.Release();
                while (true)
                {
                    await Task.WhenAny(parked.Done, Task.Delay(pause, timeProvider, cancellationToken));
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

                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
                if (change.Ordering == TopicOrdering.InTurn && timeProvider.GetElapsedTime(started) >= orderWait)
                {
                    overdue(change);
                    var stale = timeProvider.GetElapsedTime(parkedSince) >= sentOrderWait;
                    change = parked.Change = change with { Ordering = stale ? TopicOrdering.Stale : TopicOrdering.Overdue };
                }
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

    private Parked Park((string, long) key, TimelineChange change)
    {
        var parked = new Parked(change);
        lock (_gate)
        {
            // A second delivery of one change waits by itself; the first stays where committers find it.
            _parked.TryAdd(key, parked);
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
        private int _claimed = 1;

        /// <summary>The change as its owner last tried it.</summary>
        public TimelineChange Change { get; set; } = change;

        /// <summary>Completes when a committer other than the owner has committed it.</summary>
        public Task<CommitResult> Done => _done.Task;

        /// <summary>Takes the change to try it; false while someone else is trying it.</summary>
        public bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;

        /// <summary>Lets others try it.</summary>
        public void Release() => Volatile.Write(ref _claimed, 0);

        public void Complete(CommitResult result) => _done.TrySetResult(result);
    }
}
