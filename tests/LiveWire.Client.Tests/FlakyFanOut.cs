using LiveWire.Contracts;
using LiveWire.Core.Ingestion;

namespace LiveWire.Client.Tests;

/// <summary>
/// A fan-out that fails the first time for some events, as a worker that dies around the fan-out would: before it
/// (the event is committed but not sent) or after it (sent, but the message is not acknowledged). Either way the bus
/// redelivers the message, and the commit recognises it as the same one.
/// </summary>
internal sealed class FlakyFanOut(IFanOut inner, int oneIn) : IFanOut
{
    private readonly HashSet<(string Topic, long Seq)> _failed = [];
    private int _failuresBefore;
    private int _failuresAfter;

    /// <summary>How many fan-outs failed before sending (the event went out on the redelivery only).</summary>
    public int FailuresBefore => Volatile.Read(ref _failuresBefore);

    /// <summary>How many fan-outs failed after sending (the event went out twice).</summary>
    public int FailuresAfter => Volatile.Read(ref _failuresAfter);

    public async Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken)
    {
        var fails = timelineEvent.Seq % oneIn == 0 && FirstTime(timelineEvent);
        var before = fails && timelineEvent.Seq / oneIn % 2 == 0;
        if (before)
        {
            Interlocked.Increment(ref _failuresBefore);
            throw new InvalidOperationException($"Injected fault before the fan-out of {timelineEvent.Topic}#{timelineEvent.Seq}.");
        }

        await inner.PublishAsync(timelineEvent, cancellationToken);
        if (fails)
        {
            Interlocked.Increment(ref _failuresAfter);
            throw new InvalidOperationException($"Injected fault after the fan-out of {timelineEvent.Topic}#{timelineEvent.Seq}.");
        }
    }

    private bool FirstTime(TimelineEvent timelineEvent)
    {
        lock (_failed)
        {
            return _failed.Add((timelineEvent.Topic, timelineEvent.Seq));
        }
    }
}
