using LiveWire.Contracts;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// One topic's group sends, one after another: an event committed while the previous send is still being written
/// joins the next send with every other event that arrived meanwhile, as one <see cref="EventRun"/>. When the topic
/// is quiet an event goes out at once, as a send of its own; when events come faster than a node can write them to
/// its readers, each connection gets them several at a time, in one write and one socket send, instead of falling
/// further behind one write per event.
/// </summary>
/// <remarks>
/// A send of one event to 10,000 connections takes about 100 ms of one thread (each write wakes that connection's
/// send loop), so one event at a time capped a topic at about ten events a second per node (docs/benchmarks.md).
/// The next run starts once the previous run's writes have been handed to every connection, not once each has
/// completed: a connection whose buffer is full (a reader that stopped reading) holds back only its own writes and
/// the callers of the runs it has not taken yet, never the topic's other readers.
/// </remarks>
internal sealed class TopicSendQueue(Func<IReadOnlyList<TimelineEvent>, Task> send)
{
    private readonly Lock _gate = new();
    private List<(TimelineEvent Event, TaskCompletionSource Sent)> _waiting = [];
    private bool _sending;

    /// <summary>Sends <paramref name="timelineEvent"/>, alone or with others; completes when its send has.</summary>
    /// <remarks>Cancelling stops the wait, not the send.</remarks>
    public Task SendAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool startSending;
        lock (_gate)
        {
            _waiting.Add((timelineEvent, sent));
            startSending = !_sending;
            _sending = true;
        }

        if (startSending)
        {
            // The runs go on for as long as events keep coming; they belong to no caller's trace or log scope.
            using (ExecutionContext.SuppressFlow())
            {
                _ = SendWaitingAsync();
            }
        }

        return sent.Task.WaitAsync(cancellationToken);
    }

    // The caller that found no send in progress writes the first run itself (at once, on its own thread); whatever
    // arrived meanwhile goes next from the thread pool, where the connections' send loops also run, so a run waits
    // for them as long as they take to drain the previous one, and gathers everything that came in that time.
    // Never faults: each run's outcome goes to the callers waiting on it.
    private async Task SendWaitingAsync()
    {
        while (true)
        {
            List<(TimelineEvent Event, TaskCompletionSource Sent)> run;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }

                run = _waiting;
                _waiting = [];
            }

            run.Sort(static (a, b) => a.Event.Seq.CompareTo(b.Event.Seq));
            Task sending;
            try
            {
                sending = send(run.ConvertAll(static waiting => waiting.Event));
            }
            catch (Exception exception)
            {
                sending = Task.FromException(exception);
            }

            _ = CompleteWhenSentAsync(sending, run);
            await Task.Yield();
        }
    }

    private static async Task CompleteWhenSentAsync(Task sending, List<(TimelineEvent Event, TaskCompletionSource Sent)> run)
    {
        try
        {
            await sending;
            run.ForEach(static waiting => waiting.Sent.TrySetResult());
        }
        catch (Exception exception)
        {
            run.ForEach(waiting => waiting.Sent.TrySetException(exception));
        }
    }
}
