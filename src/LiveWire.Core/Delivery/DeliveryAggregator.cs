namespace LiveWire.Core.Delivery;

/// <summary>
/// Gathers this node's acks per event in memory, and how many of its connections each event was written to;
/// <see cref="Drain"/> hands them over for a periodic flush, so neither an ack nor a write costs a call to the store.
/// </summary>
public sealed class DeliveryAggregator
{
    private readonly object _gate = new();
    private Dictionary<(string Topic, long Seq), Pending> _pending = [];

    /// <summary>Counts one reader's ack of <paramref name="seq"/>, delivered in <paramref name="latencyMilliseconds"/>.</summary>
    public void Record(string topic, long seq, double latencyMilliseconds)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue((topic, seq), out var pending))
            {
                _pending[(topic, seq)] = pending = new Pending();
            }

            pending.Acks++;
            pending.Max = Math.Max(pending.Max, latencyMilliseconds);
            var bucket = LatencyHistogram.BucketOf(latencyMilliseconds);
            pending.Buckets[bucket] = pending.Buckets.GetValueOrDefault(bucket) + 1;
        }
    }

    /// <summary>Counts <paramref name="connections"/> more of this node's connections that <paramref name="seq"/> was written to.</summary>
    public void Written(string topic, long seq, long connections)
    {
        if (connections <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (!_pending.TryGetValue((topic, seq), out var pending))
            {
                _pending[(topic, seq)] = pending = new Pending();
            }

            pending.Written += connections;
        }
    }

    /// <summary>Everything gathered since the last call.</summary>
    public IReadOnlyCollection<AckBatch> Drain()
    {
        Dictionary<(string Topic, long Seq), Pending> drained;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return [];
            }

            (drained, _pending) = (_pending, []);
        }

        return [.. drained.Select(pair => new AckBatch(pair.Key.Topic, pair.Key.Seq, pair.Value.Acks, pair.Value.Buckets, pair.Value.Max, pair.Value.Written))];
    }

    private sealed class Pending
    {
        public long Acks;
        public long Written;
        public double Max;
        public readonly Dictionary<int, long> Buckets = [];
    }
}
