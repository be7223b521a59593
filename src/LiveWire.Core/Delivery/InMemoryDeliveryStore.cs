using System.Collections.Concurrent;

namespace LiveWire.Core.Delivery;

/// <summary>The embedded default: reach kept in this process.</summary>
public sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private const int RecentKept = 100;
    private readonly ConcurrentDictionary<(string Topic, long Seq), Entry> _entries = new();
    private readonly LinkedList<(string Topic, long Seq)> _recent = new();

    /// <inheritdoc />
    public Task RecordFanOutAsync(FanOutRecord record, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd((record.Topic, record.Seq), _ => new Entry());
        lock (entry)
        {
            entry.Record = record;
        }

        lock (_recent)
        {
            _recent.AddFirst((record.Topic, record.Seq));
            if (_recent.Count > RecentKept)
            {
                _recent.RemoveLast();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(string Topic, long Seq)>> ListRecentAsync(int count, CancellationToken cancellationToken)
    {
        lock (_recent)
        {
            return Task.FromResult<IReadOnlyList<(string Topic, long Seq)>>([.. _recent.Take(count)]);
        }
    }

    /// <inheritdoc />
    public Task AddAcksAsync(IReadOnlyCollection<AckBatch> batches, CancellationToken cancellationToken)
    {
        foreach (var batch in batches)
        {
            var entry = _entries.GetOrAdd((batch.Topic, batch.Seq), _ => new Entry());
            lock (entry)
            {
                entry.Acks += batch.Acks;
                entry.Subscribers += batch.Subscribers;
                entry.Max = Math.Max(entry.Max, batch.MaxMilliseconds);
                foreach (var (bucket, count) in batch.Buckets)
                {
                    entry.Buckets[bucket] = entry.Buckets.GetValueOrDefault(bucket) + count;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>> GetAcceptedTimesAsync(
        string topic, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        var times = new List<(long Seq, DateTimeOffset AcceptedAt)>();
        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            if (_entries.TryGetValue((topic, seq), out var entry))
            {
                lock (entry)
                {
                    if (entry.Record is { } record)
                    {
                        times.Add((seq, record.AcceptedAt));
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>>(times);
    }

    /// <inheritdoc />
    public Task<DeliveryReport?> GetReportAsync(string topic, long seq, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue((topic, seq), out var entry))
        {
            return Task.FromResult<DeliveryReport?>(null);
        }

        lock (entry)
        {
            return Task.FromResult(entry.Record is { } record
                ? DeliveryReport.From(record, entry.Subscribers, entry.Acks, new Dictionary<int, long>(entry.Buckets), entry.Max)
                : null);
        }
    }

    private sealed class Entry
    {
        public FanOutRecord? Record;
        public long Subscribers;
        public long Acks;
        public double Max;
        public readonly Dictionary<int, long> Buckets = [];
    }
}
