using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// What every reader of one run received, counted from many threads: deliveries, repeats, events nobody posted, and
/// the latency of each measured delivery. Events of a topic up to its warm-up mark are checked but not timed.
/// </summary>
internal sealed class DeliveryLedger(int topics)
{
    private readonly long[] _measuredAfter = Enumerable.Repeat(long.MaxValue, topics).ToArray();
    private long _deliveries;
    private long _measured;
    private long _repeated;
    private long _unexpected;
    private long _bytes;
    private long _messages;
    private long _reads;
    private long _lastMeasuredAt;
    private long _dropped;
    private long _left;
    private long _resumed;
    private long _reconnectFailures;
    private long _resets;

    public LatencyHistogram Latency { get; } = new();

    public long Deliveries => Volatile.Read(ref _deliveries);

    public long Measured => Volatile.Read(ref _measured);

    public long Repeated => Volatile.Read(ref _repeated);

    public long Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>The Stopwatch timestamp of the latest measured delivery (0 before the first).</summary>
    public long LastMeasuredAt => Volatile.Read(ref _lastMeasuredAt);

    /// <summary>
    /// Messages received (events and the rest), their bytes (framing included), and the socket reads that brought
    /// them: more messages per read means the server wrote several to the socket at once.
    /// </summary>
    public (long Messages, long Bytes, long Reads) Received => (Volatile.Read(ref _messages), Volatile.Read(ref _bytes), Volatile.Read(ref _reads));

    /// <summary>From now on, events of <paramref name="topic"/> after <paramref name="seq"/> are timed.</summary>
    public void MeasureAfter(int topic, long seq) => Volatile.Write(ref _measuredAfter[topic], seq);

    /// <summary>Counts one read of the socket that completed <paramref name="messages"/> messages.</summary>
    public void CountRead(int messages, int bytes)
    {
        Interlocked.Increment(ref _reads);
        Interlocked.Add(ref _messages, messages);
        Interlocked.Add(ref _bytes, bytes);
    }

    /// <summary>
    /// Of readers that resume: connections the server side ended (a node died, or closed them), connections ended
    /// on purpose, successful resumes, failed connect attempts, and resumes answered <c>reset</c>.
    /// </summary>
    public (long Dropped, long Left, long Resumed, long ReconnectFailures, long Resets) Reconnects =>
        (Volatile.Read(ref _dropped), Volatile.Read(ref _left), Volatile.Read(ref _resumed), Volatile.Read(ref _reconnectFailures), Volatile.Read(ref _resets));

    public void Drop() => Interlocked.Increment(ref _dropped);

    public void Leave() => Interlocked.Increment(ref _left);

    public void Resume(bool reset)
    {
        Interlocked.Increment(ref _resumed);
        if (reset)
        {
            Interlocked.Increment(ref _resets);
        }
    }

    public void FailReconnect() => Interlocked.Increment(ref _reconnectFailures);

    public void Unexpect() => Interlocked.Increment(ref _unexpected);

    public void Repeat() => Interlocked.Increment(ref _repeated);

    /// <summary>Counts a delivery; <paramref name="startedUtc"/> is when the post was sent, or else its acceptedAt.</summary>
    public void Deliver(int topic, long seq, DateTime startedUtc, DateTime receivedUtc, long receivedAt)
    {
        Interlocked.Increment(ref _deliveries);
        if (seq <= Volatile.Read(ref _measuredAfter[topic]))
        {
            return;
        }

        Interlocked.Increment(ref _measured);
        Latency.Add((receivedUtc - startedUtc).TotalMilliseconds);
        AtomicMax.Raise(ref _lastMeasuredAt, receivedAt);
    }
}
