using LiveWire.Client;
using LiveWire.Contracts;
using LiveWire.Testing;

namespace LiveWire.Client.Tests;

/// <summary>
/// A subscription's handler and reset callback for tests: records what they were given, in order, and how many calls
/// ever ran at once.
/// </summary>
internal sealed class HandledEvents
{
    private readonly Lock _lock = new();
    private readonly List<TimelineEvent> _events = [];
    private readonly List<TopicSnapshot> _resets = [];
    private readonly List<string> _calls = [];
    private int _running;
    private int _maxRunning;

    /// <summary>Runs inside the handler before it returns (after the event is recorded), e.g. to throw.</summary>
    public Func<TimelineEvent, ValueTask>? During { get; set; }

    /// <summary>The seqs handed to the handler, in call order.</summary>
    public IReadOnlyList<long> Seqs
    {
        get
        {
            lock (_lock)
            {
                return [.. _events.Select(e => e.Seq)];
            }
        }
    }

    /// <summary>The events handed to the handler, in call order.</summary>
    public IReadOnlyList<TimelineEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The states handed to the reset callback, in call order.</summary>
    public IReadOnlyList<TopicSnapshot> Resets
    {
        get
        {
            lock (_lock)
            {
                return [.. _resets];
            }
        }
    }

    /// <summary>Every call, in order: <c>event 3</c>, <c>reset 10</c>.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The most calls (handler and reset callback together) that ever ran at the same time.</summary>
    public int MaxConcurrentCalls => Volatile.Read(ref _maxRunning);

    /// <summary>The handler.</summary>
    public async ValueTask HandleAsync(TimelineEvent liveEvent, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            // Give another call the chance to overlap, were the client to allow it.
            await Task.Yield();
            lock (_lock)
            {
                _events.Add(liveEvent);
                _calls.Add($"event {liveEvent.Seq}");
            }

            if (During is { } during)
            {
                await during(liveEvent);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>The reset callback.</summary>
    public async ValueTask OnResetAsync(TopicSnapshot snapshot, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            await Task.Yield();
            lock (_lock)
            {
                _resets.Add(snapshot);
                _calls.Add($"reset {snapshot.LatestSeq}");
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Waits until the handler has been given <paramref name="seq"/>.</summary>
    public Task WaitForSeqAsync(long seq, string? what = null) =>
        Eventually.HoldsAsync(() => Seqs.Contains(seq), TestTimeouts.Delivery, what ?? $"the handler to get seq {seq}");

    private void Enter()
    {
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }
    }
}
