using System.Collections.Concurrent;
using LiveWire.Core.Options;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Delivery;

/// <summary>
/// The embedded default: reach kept in this process. As on Redis, a report is gone
/// <see cref="DeliveryOptions.Retention"/> after its last write; expired reports are swept on writes, at most once a
/// minute, so a long-running node holds only the retention's worth.
/// </summary>
public sealed class InMemoryDeliveryStore(IOptions<DeliveryOptions> options, TimeProvider timeProvider) : IDeliveryStore
{
    private const int RecentKept = 100;
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Topic, long Seq), Entry> _entries = new();
    private readonly LinkedList<(string Topic, long Seq)> _recent = new();
    private long _nextSweep = timeProvider.GetTimestamp();

    /// <summary>A store with the default options and the system clock (tests and tools).</summary>
    public InMemoryDeliveryStore()
        : this(Microsoft.Extensions.Options.Options.Create(new DeliveryOptions()), TimeProvider.System)
    {
    }

    // Reports held now, expired or not yet swept included (for the tests).
    internal int Count => _entries.Count;

    /// <inheritdoc />
    public Task RecordFanOutAsync(FanOutRecord record, CancellationToken cancellationToken)
    {
        var entry = Touch(record.Topic, record.Seq);
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
            var entry = Touch(batch.Topic, batch.Seq);
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
            if (TryGetLive(topic, seq, out var entry))
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
        if (!TryGetLive(topic, seq, out var entry))
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

    private Entry Touch(string topic, long seq)
    {
        var now = timeProvider.GetTimestamp();
        var entry = _entries.GetOrAdd((topic, seq), _ => new Entry());
        Interlocked.Exchange(ref entry.WrittenAt, now);
        var due = Interlocked.Read(ref _nextSweep);
        if (now >= due && Interlocked.CompareExchange(ref _nextSweep, now + ToTicks(SweepEvery), due) == due)
        {
            Sweep(now);
        }

        return entry;
    }

    private bool TryGetLive(string topic, long seq, out Entry entry) =>
        _entries.TryGetValue((topic, seq), out entry!) && !Expired(entry, timeProvider.GetTimestamp());

    private void Sweep(long now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (Expired(entry, now))
            {
                _entries.TryRemove(new KeyValuePair<(string Topic, long Seq), Entry>(key, entry));
            }
        }
    }

    private bool Expired(Entry entry, long now) =>
        now - Interlocked.Read(ref entry.WrittenAt) > ToTicks(options.Value.Retention);

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * timeProvider.TimestampFrequency);

    private sealed class Entry
    {
        public long WrittenAt;
        public FanOutRecord? Record;
        public long Subscribers;
        public long Acks;
        public double Max;
        public readonly Dictionary<int, long> Buckets = [];
    }
}
