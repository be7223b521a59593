using System.Collections.Concurrent;
using LiveWire.Core.Timeline;

namespace LiveWire.Core.Delivery;

/// <summary>
/// This node's memory of recent events' acceptance times and of each topic's latest seq, read from the timeline
/// once per event per node (not once per ack), so acks can be timed and checked without a store call each.
/// </summary>
public sealed class EventTimes(ITimelineStore store)
{
    private const int KeptPerTopic = 2_048;
    private readonly ConcurrentDictionary<string, TopicTimes> _topics = new(StringComparer.Ordinal);

    /// <summary>
    /// The acceptance times of the events after <paramref name="afterSeq"/> up to <paramref name="uptoSeq"/>, in
    /// order, stopping at the topic's latest seq (an ack beyond it counts only up to it).
    /// </summary>
    public async Task<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>> GetAsync(
        string topic, long afterSeq, long uptoSeq, CancellationToken cancellationToken)
    {
        var times = _topics.GetOrAdd(topic, static _ => new TopicTimes());
        if (!times.Covers(afterSeq, uptoSeq))
        {
            await times.Gate.WaitAsync(cancellationToken);
            try
            {
                // Another ack may have fetched the range while this one waited.
                if (!times.Covers(afterSeq, uptoSeq))
                {
                    var page = await store.ReadAsync(topic, afterSeq, (int)Math.Min(uptoSeq - afterSeq, 500), cancellationToken);
                    times.Add(page.Events, page.LatestSeq);
                }
            }
            finally
            {
                times.Gate.Release();
            }
        }

        return times.Range(afterSeq, uptoSeq);
    }

    private sealed class TopicTimes
    {
        private readonly SortedList<long, DateTimeOffset> _accepted = [];
        private long _latestSeq;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Covers(long afterSeq, long uptoSeq)
        {
            lock (_accepted)
            {
                return uptoSeq <= _latestSeq
                    && (uptoSeq <= afterSeq || (_accepted.ContainsKey(afterSeq + 1) && _accepted.ContainsKey(uptoSeq)));
            }
        }

        public void Add(IReadOnlyList<TimelineEvent> events, long latestSeq)
        {
            lock (_accepted)
            {
                _latestSeq = Math.Max(_latestSeq, latestSeq);
                foreach (var e in events)
                {
                    _accepted[e.Seq] = e.AcceptedAt;
                }

                while (_accepted.Count > KeptPerTopic)
                {
                    _accepted.RemoveAt(0);
                }
            }
        }

        public List<(long Seq, DateTimeOffset AcceptedAt)> Range(long afterSeq, long uptoSeq)
        {
            lock (_accepted)
            {
                var result = new List<(long Seq, DateTimeOffset AcceptedAt)>();
                for (var seq = afterSeq + 1; seq <= Math.Min(uptoSeq, _latestSeq); seq++)
                {
                    if (_accepted.TryGetValue(seq, out var acceptedAt))
                    {
                        result.Add((seq, acceptedAt));
                    }
                }

                return result;
            }
        }
    }
}
