using System.Collections.Concurrent;
using LiveWire.Contracts;
using LiveWire.Core.Timeline;

namespace LiveWire.LoadTest.References;

/// <summary>
/// Numbers each topic's events 1, 2, 3… in memory and builds the same <see cref="TimelineEvent"/> LiveWire sends for a
/// publish, so the references put the same bytes on the wire. No store, no history.
/// </summary>
internal sealed class ReferenceTimeline(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StrongBox> _seqs = new(StringComparer.Ordinal);

    public TimelineEvent Next(string topic, BenchDevelopment development)
    {
        var seq = Interlocked.Increment(ref _seqs.GetOrAdd(topic, _ => new StrongBox()).Value);
        // Like LiveWire's stores: times to the millisecond, so the bytes and the latency's resolution match.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        return new TimelineEvent
        {
            Topic = topic,
            Seq = seq,
            Kind = EventKinds.Published,
            Id = development.Id ?? $"d{seq}",
            Revision = 1,
            Headline = development.Headline,
            Body = development.Body,
            Priority = development.Priority ?? Priorities.Normal,
            AcceptedAt = now,
            CommittedAt = now,
        };
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
