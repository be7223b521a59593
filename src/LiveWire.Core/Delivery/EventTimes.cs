using System.Collections.Concurrent;
using LiveWire.Core.Timeline;

namespace LiveWire.Core.Delivery;

/// <summary>
/// This node's memory of recent events' acceptance times and of each topic's latest seq, so acks can be timed and
/// checked without a store call each. It reads only seqs and times (the topic's latest seq from the timeline, the
/// acceptance times from the delivery records), never an event's body, and no ack can make it read more often than
/// real events give reason to: a look at the store that finds nothing new is not repeated for
/// <see cref="QuietInterval"/>. It holds at most <see cref="MaxTopics"/> topics, the least recently acked going first.
/// </summary>
public sealed class EventTimes(ITimelineStore store, IDeliveryStore deliveries, TimeProvider timeProvider)
{
    /// <summary>How many topics the node keeps times for.</summary>
    public const int MaxTopics = 4_096;

    /// <summary>How long a look at the store that found nothing new keeps the next one away, per topic.</summary>
    public static readonly TimeSpan QuietInterval = TimeSpan.FromMilliseconds(250);

    private const int KeptPerTopic = 2_048;
    private const int MostReadAtOnce = 500;
    private readonly ConcurrentDictionary<string, TopicTimes> _topics = new(StringComparer.Ordinal);

    /// <summary>How many topics the node keeps times for now.</summary>
    public int TopicCount => _topics.Count;

    /// <summary>
    /// The acceptance times of the events after <paramref name="afterSeq"/> up to <paramref name="uptoSeq"/>, in
    /// order, stopping at the topic's latest seq (an ack beyond it counts only up to it).
    /// </summary>
    public async Task<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>> GetAsync(
        string topic, long afterSeq, long uptoSeq, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetTimestamp();
        var times = Of(topic, now);
        if (!times.Covers(afterSeq, uptoSeq) && times.MayLook(now))
        {
            await times.Gate.WaitAsync(cancellationToken);
            try
            {
                // Another ack may have looked while this one waited.
                if (!times.Covers(afterSeq, uptoSeq) && times.MayLook(now))
                {
                    await LookAsync(topic, times, afterSeq, uptoSeq, cancellationToken);
                }
            }
            finally
            {
                times.Gate.Release();
            }
        }

        return times.Range(afterSeq, uptoSeq);
    }

    private async Task LookAsync(string topic, TopicTimes times, long afterSeq, long uptoSeq, CancellationToken cancellationToken)
    {
        var found = false;
        if (uptoSeq > times.LatestSeq)
        {
            found = times.SetLatest(await store.GetLatestSeqAsync(topic, cancellationToken));
        }

        var upto = Math.Min(uptoSeq, times.LatestSeq);
        var from = times.FirstUnknown(afterSeq, upto);
        if (from <= upto)
        {
            var read = await deliveries.GetAcceptedTimesAsync(topic, from, Math.Min(upto, from + MostReadAtOnce - 1), cancellationToken);
            found |= times.Add(read);
        }

        times.Looked(found, timeProvider.GetTimestamp() + (long)(QuietInterval.TotalSeconds * timeProvider.TimestampFrequency));
    }

    private TopicTimes Of(string topic, long now)
    {
        if (!_topics.TryGetValue(topic, out var times))
        {
            if (_topics.Count >= MaxTopics)
            {
                Evict();
            }

            times = _topics.GetOrAdd(topic, static _ => new TopicTimes());
        }

        times.UsedAt = now;
        return times;
    }

    // Drops the less recently used half: rare (a node with thousands of acked topics), and it keeps the busy ones.
    private void Evict()
    {
        var entries = _topics.ToArray();
        Array.Sort(entries, static (a, b) => a.Value.UsedAt.CompareTo(b.Value.UsedAt));
        foreach (var (topic, _) in entries.AsSpan(0, entries.Length / 2))
        {
            _topics.TryRemove(topic, out _);
        }
    }

    private sealed class TopicTimes
    {
        private readonly SortedList<long, DateTimeOffset> _accepted = [];
        private long _latestSeq;
        private long _quietUntil;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long UsedAt;

        public long LatestSeq
        {
            get
            {
                lock (_accepted)
                {
                    return _latestSeq;
                }
            }
        }

        public bool MayLook(long now) => now >= Volatile.Read(ref _quietUntil);

        public void Looked(bool foundSomething, long quietUntil) => Volatile.Write(ref _quietUntil, foundSomething ? 0 : quietUntil);

        public bool Covers(long afterSeq, long uptoSeq)
        {
            lock (_accepted)
            {
                return uptoSeq <= _latestSeq
                    && (uptoSeq <= afterSeq || (_accepted.ContainsKey(afterSeq + 1) && _accepted.ContainsKey(uptoSeq)));
            }
        }

        public bool SetLatest(long latestSeq)
        {
            lock (_accepted)
            {
                var moved = latestSeq > _latestSeq;
                _latestSeq = Math.Max(_latestSeq, latestSeq);
                return moved;
            }
        }

        public long FirstUnknown(long afterSeq, long uptoSeq)
        {
            lock (_accepted)
            {
                var seq = afterSeq + 1;
                while (seq <= uptoSeq && _accepted.ContainsKey(seq))
                {
                    seq++;
                }

                return seq;
            }
        }

        public bool Add(IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)> times)
        {
            lock (_accepted)
            {
                var added = false;
                foreach (var (seq, acceptedAt) in times)
                {
                    added |= _accepted.TryAdd(seq, acceptedAt);
                }

                while (_accepted.Count > KeptPerTopic)
                {
                    _accepted.RemoveAt(0);
                }

                return added;
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
