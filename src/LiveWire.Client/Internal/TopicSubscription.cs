using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using LiveWire.Contracts;
using Microsoft.Extensions.Logging;

namespace LiveWire.Client.Internal;

/// <summary>
/// One topic's subscription: puts what the hub and the history send through a <see cref="TopicSequencer"/>, fills gaps
/// from history, handles resets, and calls the application's handler for each event once, in seq order, one at a time.
/// </summary>
/// <remarks>
/// Three kinds of work meet here:
/// <list type="bullet">
/// <item><see cref="OnEvent"/>, from SignalR's receive loop: it never blocks on I/O, only on <c>_gate</c>.</item>
/// <item>Recovery: the hub <c>Subscribe</c> of each connection, gap fills and resets. They run one at a time under
/// <c>_recovery</c>, so a gap fill waits for a running replay (which usually fills the gap) and a resubscribe after a
/// reconnect waits for a running reset (and so resumes from the state the reset loaded).</item>
/// <item>Delivery: one loop reads <c>_deliveries</c> and awaits the handler, so handlers of a topic never overlap and
/// a slow handler never holds up SignalR. Everything is written to <c>_deliveries</c> under <c>_gate</c>, in the order
/// the sequencer released it.</item>
/// </list>
/// </remarks>
internal sealed class TopicSubscription : IAsyncDisposable
{
    // Set on the delivery loop, so a handler that disposes its own subscription does not wait for itself.
    private static readonly AsyncLocal<TopicSubscription?> s_delivering = new();

    // Epochs left behind, so an old-epoch event still on its way after a new one is dropped, not taken for news.
    private const int RetiredEpochs = 8;

    private readonly Lock _gate = new();
    private readonly TopicSequencer _sequencer;
    private readonly List<TimelineEvent> _released = [];
    private readonly List<string> _retiredEpochs = [];
    private readonly Channel<Delivery> _deliveries =
        Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });

    // Neither is disposed: a late recovery step may still ask for the token or release the semaphore, and without
    // timers or wait handles neither holds anything that needs disposing.
    private readonly SemaphoreSlim _recovery = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();

    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<TimelineEvent, CancellationToken, ValueTask> _handler;
    private readonly Func<TopicSnapshot, CancellationToken, ValueTask>? _onReset;
    private readonly LiveWireHttpApi _api;
    private readonly TimeSpan _gapFillDelay;
    private readonly ILogger _logger;
    private readonly Task _delivering;
    private Task _gapFill = Task.CompletedTask;
    private bool _gapFillScheduled;
    private Task _epochReload = Task.CompletedTask;
    private bool _epochReloadScheduled;

    // The epoch the position belongs to (null until the server names one); under _gate.
    private string? _epoch;

    // A new epoch was seen and its state not loaded yet: the position is cleared until it is; under _gate.
    private bool _epochReloadPending;
    private bool _disposed;
    private long _subscribedOn = -1;
    private long _lastApplied;
    private long _repeats;
    private PendingAck? _pendingAck;

    public TopicSubscription(
        string topic,
        Func<TimelineEvent, CancellationToken, ValueTask> handler,
        SubscribeOptions options,
        LiveWireHttpApi api,
        TimeSpan gapFillDelay,
        ILogger logger)
    {
        Topic = topic;
        _handler = handler;
        _onReset = options.OnReset;
        _api = api;
        _gapFillDelay = gapFillDelay;
        _logger = logger;
        _sequencer = new TopicSequencer(options.AfterSeq);
        _lastApplied = options.AfterSeq ?? 0;
        _epoch = options.Epoch;
        _delivering = DeliverAsync(_lifetime.Token);
    }

    /// <summary>The topic.</summary>
    public string Topic { get; }

    /// <summary>The seq of the last event whose handler has returned (or of the last reset applied).</summary>
    public long LastAppliedSeq => Interlocked.Read(ref _lastApplied);

    /// <summary>
    /// Completes when the hub first accepts the subscription, or a poll first reads it while the hub is out of reach;
    /// fails when either refuses it for good.
    /// </summary>
    public Task Accepted => _accepted.Task;

    /// <summary>The topic's epoch the position belongs to, or null until the server names one.</summary>
    public string? Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>How many repeated events were dropped before they reached the handler.</summary>
    public long RepeatsDropped => Interlocked.Read(ref _repeats);

    /// <summary>
    /// Takes the ack due for the events applied since the last call: the highest applied seq and when it was released,
    /// or null when nothing was applied since.
    /// </summary>
    public PendingAck? TakePendingAck()
    {
        lock (_gate)
        {
            var ack = _pendingAck;
            _pendingAck = null;
            return ack;
        }
    }

    /// <summary>Puts back an ack that could not be sent, unless a later one is already due (it covers this one).</summary>
    public void ReturnPendingAck(PendingAck ack)
    {
        lock (_gate)
        {
            _pendingAck ??= ack;
        }
    }

    /// <summary>Whether the subscription has been disposed.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>An event from the hub (live or replayed).</summary>
    public void OnEvent(TimelineEvent liveEvent)
    {
        SequencerOutcome outcome;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            outcome = Offer(liveEvent);
        }

        if (outcome == SequencerOutcome.Repeat)
        {
            Interlocked.Increment(ref _repeats);
            SubscriptionLog.RepeatDropped(_logger, Topic, liveEvent.Seq);
        }
    }

    /// <summary>
    /// Subscribes on the hub connection number <paramref name="connection"/> (once per connection), after the last
    /// released seq, and handles the answer: a reset, or the start position of a live-only subscription.
    /// </summary>
    public async Task SubscribeAsync(
        Func<string, long?, CancellationToken, Task<SubscribeResult>> subscribe,
        long connection,
        CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = linked.Token;
        await _recovery.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (_subscribedOn == connection)
            {
                return;
            }

            long? afterSeq;
            lock (_gate)
            {
                afterSeq = _sequencer.Position;
            }

            // The hub sends the replay before this returns, but SignalR hands event messages to OnEvent through a
            // queue of its own: some replayed events may reach the sequencer after the result. The sequencer's seq
            // order makes that harmless; the gap fill waits GapFillDelay before it looks.
            var result = await subscribe(Topic, afterSeq, token).ConfigureAwait(false);
            _subscribedOn = connection;
            _accepted.TrySetResult();
            SubscriptionLog.Subscribed(_logger, Topic, afterSeq, result.LatestSeq, result.Replayed);
            if (NeedsEpochReload(result.Epoch))
            {
                // The position (if any) was in another epoch: what was replayed after it is not to be trusted.
                await ResetAsync(null, token).ConfigureAwait(false);
                return;
            }

            if (result.Reset)
            {
                await ResetAsync(result.LatestSeq, token).ConfigureAwait(false);
                return;
            }

            lock (_gate)
            {
                if (_sequencer.Position is null)
                {
                    // Live only: start after the seq the hub had when this connection joined the topic.
                    _deliveries.Writer.TryWrite(Delivery.ResetTo(result.LatestSeq, null));
                    _sequencer.Reset(result.LatestSeq, _released);
                    FlushReleased();
                }
                else
                {
                    _sequencer.ObserveLatest(result.LatestSeq);
                }

                ScheduleGapFillIfNeeded();
            }
        }
        finally
        {
            _recovery.Release();
        }
    }

    /// <summary>
    /// While the hub is out of reach: reads what the topic has after the released seq from history, as the hub's replay
    /// would (a live-only subscription not placed yet starts after the topic's latest seq, as the hub's Subscribe does).
    /// The first read that succeeds accepts the subscription; a 401 or 403 refuses it (<c>forbidden</c>).
    /// </summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var token = linked.Token;
        await _recovery.WaitAsync(token).ConfigureAwait(false);
        try
        {
            await CatchUpFromHistoryAsync(token).ConfigureAwait(false);
            _accepted.TrySetResult();
        }
        catch (HttpRequestException exception) when (exception.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new LiveWireSubscribeException(
                Topic,
                HubErrorCodes.Forbidden,
                $"Reading '{Topic}' was refused: {(int)exception.StatusCode} {exception.StatusCode}.",
                exception);
        }
        finally
        {
            _recovery.Release();
        }
    }

    /// <summary>Fails <see cref="Accepted"/> (the hub refused the subscription, or the client gave up).</summary>
    public void Reject(Exception exception) => _accepted.TrySetException(exception);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task gapFill;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            gapFill = _gapFill;
        }

        _deliveries.Writer.TryComplete();
        _accepted.TrySetCanceled();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        Task epochReload;
        lock (_gate)
        {
            epochReload = _epochReload;
        }

        await epochReload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Wait out any recovery step (they all see the cancellation) and never release: from here on no hub Subscribe
        // for this subscription is sent, so an Unsubscribe sent after this is the connection's last word on the topic.
        await _recovery.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        await gapFill.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (s_delivering.Value != this)
        {
            await _delivering.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        s_delivering.Value = this;
        try
        {
            await foreach (var delivery in _deliveries.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    if (delivery.Event is { } liveEvent)
                    {
                        await _handler(liveEvent, cancellationToken).ConfigureAwait(false);
                    }
                    else if (delivery.Snapshot is { } snapshot && _onReset is not null)
                    {
                        await _onReset(snapshot, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Like SignalR's own handlers: logged, and delivery goes on. Retrying would stall the topic.
                    if (delivery.Event is not null)
                    {
                        SubscriptionLog.HandlerFailed(_logger, exception, Topic, delivery.Seq);
                    }
                    else
                    {
                        SubscriptionLog.ResetHandlerFailed(_logger, exception, Topic, delivery.Seq);
                    }
                }

                if (delivery.Event is not null)
                {
                    lock (_gate)
                    {
                        _pendingAck = new PendingAck(delivery.Seq, delivery.ReleasedAt);
                    }
                }

                Interlocked.Exchange(ref _lastApplied, delivery.Seq);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // Called under _gate. An event of an epoch left behind is a repeat; one of a new epoch starts it.
    private SequencerOutcome Offer(TimelineEvent liveEvent)
    {
        if (liveEvent.Epoch is { } epoch && _retiredEpochs.Contains(epoch))
        {
            return SequencerOutcome.Repeat;
        }

        if (IsNewEpoch(liveEvent.Epoch))
        {
            StartEpoch(liveEvent.Epoch!);
            ScheduleEpochReload();
        }

        var outcome = _sequencer.Offer(liveEvent, _released);
        FlushReleased();
        ScheduleGapFillIfNeeded();
        return outcome;
    }

    // Called under _gate.
    private void FlushReleased()
    {
        var releasedAt = Stopwatch.GetTimestamp();
        foreach (var liveEvent in _released)
        {
            _deliveries.Writer.TryWrite(Delivery.Of(liveEvent, releasedAt));
        }

        _released.Clear();
    }

    // Called under _gate.
    private void ScheduleGapFillIfNeeded()
    {
        if (!_disposed && !_gapFillScheduled && _sequencer.MissingSeq is not null)
        {
            _gapFillScheduled = true;
            _gapFill = FillGapAsync(_lifetime.Token);
        }
    }

    private long? MissingSeq()
    {
        lock (_gate)
        {
            return _sequencer.MissingSeq;
        }
    }

    private async Task FillGapAsync(CancellationToken cancellationToken)
    {
        try
        {
            var delay = _gapFillDelay;
            var failures = 0L;
            while (true)
            {
                // Always yields, even with no delay: this method starts under _gate and must not go on inside it.
                await Task.Delay(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                await _recovery.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (MissingSeq() is null)
                    {
                        return;
                    }

                    await FillFromHistoryAsync(cancellationToken).ConfigureAwait(false);
                    if (MissingSeq() is null)
                    {
                        return;
                    }

                    delay = _gapFillDelay;
                    failures = 0;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    delay = Backoff.Delay(failures++);
                    SubscriptionLog.GapFillFailed(_logger, exception, Topic, delay);
                }
                finally
                {
                    _recovery.Release();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                _gapFillScheduled = false;
                ScheduleGapFillIfNeeded(); // a gap that opened after the last look
            }
        }
    }

    // Called under _recovery.
    private async Task FillFromHistoryAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            long afterSeq;
            lock (_gate)
            {
                if (_sequencer.MissingSeq is not { } missing)
                {
                    return;
                }

                afterSeq = missing - 1;
            }

            SubscriptionLog.FillingGap(_logger, Topic, afterSeq);
            var page = await _api.GetEventsAsync(Topic, afterSeq, cancellationToken).ConfigureAwait(false);
            if (!await ApplyHistoryAsync(page, cancellationToken).ConfigureAwait(false) || page.Events.Count == 0)
            {
                return;
            }
        }
    }

    // Called under _recovery. One page of history read after a known position: a new epoch, or a position the history
    // no longer holds, resets; otherwise its events go through the sequencer. False when it reset.
    private async Task<bool> ApplyHistoryAsync(EventsPage page, CancellationToken cancellationToken)
    {
        if (NeedsEpochReload(page.Epoch))
        {
            await ResetAsync(null, cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (page.Reset)
        {
            await ResetAsync(page.LatestSeq, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var repeats = 0;
        lock (_gate)
        {
            foreach (var liveEvent in page.Events)
            {
                if (_sequencer.Offer(liveEvent, _released) == SequencerOutcome.Repeat)
                {
                    repeats++;
                }
            }

            FlushReleased();
            _sequencer.ObserveLatest(page.LatestSeq);
        }

        Interlocked.Add(ref _repeats, repeats);
        return true;
    }

    // Called under _recovery. Reads history from the released seq up to the topic's latest, page by page.
    private async Task CatchUpFromHistoryAsync(CancellationToken cancellationToken)
    {
        if (NeedsEpochReload(null))
        {
            await ResetAsync(null, cancellationToken).ConfigureAwait(false);
        }

        if (Position() is not { } position)
        {
            // Live only, and not placed by the hub yet: start after the seq the topic has now, as the hub's Subscribe does.
            var latest = await _api.GetEventsAsync(Topic, 0, cancellationToken, limit: 1).ConfigureAwait(false);
            if (NeedsEpochReload(latest.Epoch))
            {
                await ResetAsync(null, cancellationToken).ConfigureAwait(false);
                return;
            }

            lock (_gate)
            {
                if (_sequencer.Position is null)
                {
                    _deliveries.Writer.TryWrite(Delivery.ResetTo(latest.LatestSeq, null));
                    _sequencer.Reset(latest.LatestSeq, _released);
                    FlushReleased();
                }
            }

            return;
        }

        while (true)
        {
            var page = await _api.GetEventsAsync(Topic, position, cancellationToken).ConfigureAwait(false);
            if (!await ApplyHistoryAsync(page, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            // Done at the topic's latest seq, or where the released position stops moving (a gap the gap fill takes).
            if (page.Events.Count == 0 || page.Events[^1].Seq >= page.LatestSeq || Position() is not { } next || next == position)
            {
                break;
            }

            position = next;
        }

        lock (_gate)
        {
            ScheduleGapFillIfNeeded();
        }
    }

    private long? Position()
    {
        lock (_gate)
        {
            return _sequencer.Position;
        }
    }

    // Called under _recovery. The position is cleared while the state loads, so that every event arriving meanwhile
    // is held (not judged against a position that is about to change) and sorted out against the new one.
    // latestSeq null: a new epoch, whose position is only known from its state, loaded even without OnReset.
    private async Task ResetAsync(long? latestSeq, CancellationToken cancellationToken)
    {
        long? previous;
        lock (_gate)
        {
            previous = _sequencer.Position;
            _sequencer.ClearPosition();
        }

        if (latestSeq is { } latest)
        {
            SubscriptionLog.ResetNeeded(_logger, Topic, previous, latest);
        }

        try
        {
            TopicSnapshot? snapshot = null;
            long position;
            if (_onReset is not null || latestSeq is null)
            {
                snapshot = await LoadCurrentSnapshotAsync(cancellationToken).ConfigureAwait(false);
                position = snapshot.LatestSeq;
            }
            else
            {
                position = latestSeq.Value;
            }

            lock (_gate)
            {
                if (snapshot is not null && IsNewEpoch(snapshot.Epoch))
                {
                    // Yet another epoch since the one that called for this reset: what is held belongs to that one.
                    StartEpoch(snapshot.Epoch!);
                }

                _epochReloadPending = false;
                _deliveries.Writer.TryWrite(Delivery.ResetTo(position, _onReset is null ? null : snapshot));
                _sequencer.Reset(position, _released);
                FlushReleased();
                ScheduleGapFillIfNeeded();
            }

            if (snapshot is null)
            {
                SubscriptionLog.ResetWithoutState(_logger, Topic, position);
            }
            else
            {
                SubscriptionLog.ResetApplied(_logger, Topic, position);
            }
        }
        catch when (previous is { })
        {
            // Interrupted (the connection or the subscription ended): back to the old position, so that the next
            // subscribe asks for it again, hears "reset" again, and loads the state then.
            lock (_gate)
            {
                if (_sequencer.Position is null)
                {
                    _sequencer.Reset(previous.Value, _released);
                    FlushReleased();
                }
            }

            throw;
        }
    }

    // Whether the state must be loaded before anything else: the server named a new epoch (it starts here), or one
    // seen before has not been loaded yet.
    private bool NeedsEpochReload(string? epoch)
    {
        lock (_gate)
        {
            if (IsNewEpoch(epoch))
            {
                StartEpoch(epoch!);
            }

            return _epochReloadPending;
        }
    }

    // Called under _gate. An epoch is news when the position belongs to another one; the first epoch named to a
    // position that has none (a new subscription, a server that predates epochs) is taken as the position's own.
    private bool IsNewEpoch(string? epoch)
    {
        if (epoch is null || epoch == _epoch)
        {
            return false;
        }

        if (_epoch is null)
        {
            _epoch = epoch;
            return false;
        }

        return true;
    }

    // Called under _gate. The old position and whatever is held mean nothing in the new epoch: hold everything until
    // its state is loaded (ResetAsync), then go on from there.
    private void StartEpoch(string epoch)
    {
        SubscriptionLog.NewEpoch(_logger, Topic, epoch, _epoch);
        if (_epoch is not null)
        {
            _retiredEpochs.Add(_epoch);
            if (_retiredEpochs.Count > RetiredEpochs)
            {
                _retiredEpochs.RemoveAt(0);
            }
        }

        _epoch = epoch;
        _sequencer.Restart();
        _epochReloadPending = true;
    }

    // Called under _gate, when an event (not a recovery step) brought the new epoch.
    private void ScheduleEpochReload()
    {
        if (!_disposed && !_epochReloadScheduled)
        {
            _epochReloadScheduled = true;
            _epochReload = ReloadForEpochAsync(_lifetime.Token);
        }
    }

    private async Task ReloadForEpochAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Always yields: this method starts under _gate and must not go on inside it.
            await _recovery.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            try
            {
                bool pending;
                lock (_gate)
                {
                    _epochReloadScheduled = false;
                    pending = _epochReloadPending;
                }

                // A resubscribe or gap fill that ran first may have loaded the new epoch's state already.
                if (pending)
                {
                    await ResetAsync(null, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _recovery.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    // A state of an epoch already left behind was read before the new epoch began (a reset was under way when an
    // event of the new one came): it is not the current state, so read again rather than go back to that epoch.
    private async Task<TopicSnapshot> LoadCurrentSnapshotAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0L; ; attempt++)
        {
            var snapshot = await LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (snapshot.Epoch is null || !_retiredEpochs.Contains(snapshot.Epoch))
                {
                    return snapshot;
                }
            }

            await Task.Delay(Backoff.Delay(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<TopicSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0L; ; attempt++)
        {
            try
            {
                return await _api.GetTopicAsync(Topic, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff.Delay(attempt);
                SubscriptionLog.SnapshotFailed(_logger, exception, Topic, delay);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
