using System.Collections.Concurrent;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline.Internal;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Timeline;

/// <summary>
/// The embedded default timeline: one process, nothing installed, nothing kept across restarts. Same semantics as
/// the Redis store (both pass one conformance suite), bounds included: a topic lives
/// <see cref="TimelineOptions.KeyLifetime"/> after its last activity, and the dedupe keys of corrections and pins are
/// dropped after the dedupe window.
/// </summary>
public sealed class InMemoryTimelineStore(IOptions<TimelineOptions> options, TimeProvider timeProvider) : ITimelineStore
{
    private readonly TimelineOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, TopicTimeline> _topics = new(StringComparer.Ordinal);
    private readonly object _renewGate = new();
    private long _nextSweep;

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken)
    {
        var timeline = Timeline(change.Topic);
        lock (timeline)
        {
            return Task.FromResult(Commit(timeline, change));
        }
    }

    /// <inheritdoc />
    public Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (Find(topic) is not { } timeline)
        {
            return Task.FromResult(new TimelinePage(0, afterSeq > 0, [], null));
        }

        lock (timeline)
        {
            Trim(timeline);
            var firstRetained = timeline.Events.Count > 0 ? timeline.Events[0].Seq : timeline.LatestSeq + 1;
            if (TimelineEvents.NeedsReset(afterSeq, firstRetained, timeline.LatestSeq))
            {
                return Task.FromResult(new TimelinePage(timeline.LatestSeq, true, [], timeline.Epoch));
            }

            var skip = (int)(afterSeq - firstRetained + 1);
            var events = timeline.Events.Skip(Math.Max(skip, 0)).Take(limit).ToArray();
            return Task.FromResult(new TimelinePage(timeline.LatestSeq, false, events, timeline.Epoch));
        }
    }

    /// <inheritdoc />
    public Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken) =>
        Task.FromResult(Find(topic) is { } timeline ? Volatile.Read(ref timeline.LatestSeq) : 0);

    /// <inheritdoc />
    public Task<DevelopmentStatus> GetStatusAsync(string topic, string id, CancellationToken cancellationToken)
    {
        if (Find(topic) is not { } timeline)
        {
            return Task.FromResult(DevelopmentStatus.Unknown);
        }

        lock (timeline)
        {
            return Task.FromResult(timeline.Revisions.GetValueOrDefault(id) switch
            {
                > 0 => DevelopmentStatus.Live,
                < 0 => DevelopmentStatus.Retracted,
                _ => timeline.Accepted.Contains(id) ? DevelopmentStatus.Accepted : DevelopmentStatus.Unknown,
            });
        }
    }

    /// <inheritdoc />
    public Task<TopicSnapshot?> GetTopicAsync(string topic, int limit, CancellationToken cancellationToken)
    {
        if (Find(topic) is not { } timeline)
        {
            return Task.FromResult<TopicSnapshot?>(null);
        }

        lock (timeline)
        {
            if (timeline.LatestSeq == 0 && timeline.Info is null)
            {
                return Task.FromResult<TopicSnapshot?>(null);
            }

            var developments = timeline.Current.Values.OrderByDescending(d => d.Seq).Take(limit).ToArray();
            var pinned = timeline.PinOrder.OrderByDescending(p => p.Value).Take(limit)
                .Select(p => timeline.Current[p.Key]).ToArray();
            return Task.FromResult<TopicSnapshot?>(new TopicSnapshot
            {
                Topic = topic,
                Title = timeline.Info?.Title,
                Summary = timeline.Info?.Summary,
                Status = timeline.Info?.Status ?? TopicInfo.Live,
                LatestSeq = timeline.LatestSeq,
                UpdatedAt = timeline.UpdatedAt,
                Pinned = pinned,
                Developments = developments,
                Epoch = timeline.Epoch,
            });
        }
    }

    /// <inheritdoc />
    public Task SetTopicInfoAsync(string topic, TopicInfo info, CancellationToken cancellationToken)
    {
        var timeline = Timeline(topic);
        lock (timeline)
        {
            timeline.Info = info;
            timeline.UpdatedAt = Milliseconds(timeProvider.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TopicSummary>> ListTopicsAsync(int limit, CancellationToken cancellationToken)
    {
        var summaries = new List<TopicSummary>();
        var now = timeProvider.GetUtcNow().UtcTicks;
        foreach (var (topic, timeline) in _topics)
        {
            if (IsExpired(timeline, now))
            {
                continue;
            }

            lock (timeline)
            {
                if (timeline.UpdatedAt is { } updatedAt)
                {
                    summaries.Add(new TopicSummary(topic, timeline.Info?.Title, timeline.Info?.Status ?? TopicInfo.Live, timeline.LatestSeq, updatedAt));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<TopicSummary>>(
            [.. summaries.OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Topic, StringComparer.Ordinal).Take(limit)]);
    }

    // Accept orders are kept per lane: the content (publish, correct, retract) and the pin (pin, unpin); a retraction
    // closes both. A pin and a correction say different things, so neither supersedes the other.
    private static string LaneOf(TimelineChange change) =>
        change.Kind is EventKinds.Pinned or EventKinds.Unpinned ? PinLane(change.StateKey) : change.StateKey;

    private static string PinLane(string key) => key + "#pin";

    // A write is activity: it finds the topic (anew if it had expired) and gives it its lifetime again, under one
    // gate, so no other write can find it expired and replace it meanwhile. The accept ledger writes through it too.
    internal TopicTimeline Timeline(string topic)
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        lock (_renewGate)
        {
            SweepIfDue(now);
            if (!_topics.TryGetValue(topic, out var timeline) || IsExpired(timeline, now))
            {
                _topics[topic] = timeline = new TopicTimeline();
            }

            Volatile.Write(ref timeline.ActiveAt, now);
            return timeline;
        }
    }

    private TopicTimeline? Find(string topic) =>
        _topics.TryGetValue(topic, out var timeline) && !IsExpired(timeline, timeProvider.GetUtcNow().UtcTicks) ? timeline : null;

    private bool IsExpired(TopicTimeline timeline, long now) => Volatile.Read(ref timeline.ActiveAt) + _options.KeyLifetime.Ticks <= now;

    // Expired topics go from memory at most once per key lifetime (at least once a minute), as Redis expires them.
    private void SweepIfDue(long now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + Math.Min(_options.KeyLifetime.Ticks, TimeSpan.TicksPerMinute);
        foreach (var (topic, timeline) in _topics)
        {
            if (IsExpired(timeline, now))
            {
                _topics.TryRemove(new KeyValuePair<string, TopicTimeline>(topic, timeline));
            }
        }
    }

    private CommitResult Commit(TopicTimeline timeline, TimelineChange change)
    {
        if (change is { AcceptOrder: { } place, Ordering: not TopicOrdering.None })
        {
            // When a missing place is passed over: docs/timeline.md#ordering, "Passing over a missing number".
            var head = timeline.SettledOrder + 1;
            if (place > head && change.Ordering switch
            {
                TopicOrdering.Overdue => !timeline.Arrived.Contains(head) && !timeline.Sent.Contains(head),
                TopicOrdering.Stale => !timeline.Arrived.Contains(head),
                TopicOrdering.Stuck => true,
                _ => false,
            })
            {
                timeline.Sent.Remove(++timeline.SettledOrder);
                timeline.Arrived.Remove(timeline.SettledOrder);
            }

            if (place > timeline.SettledOrder + 1)
            {
                timeline.Arrived.Add(place);
                return new CommitResult(CommitStatus.Early);
            }

            for (var settled = timeline.SettledOrder + 1; settled <= place; settled++)
            {
                timeline.Sent.Remove(settled);
                timeline.Arrived.Remove(settled);
            }

            timeline.SettledOrder = Math.Max(place, timeline.SettledOrder);
        }

        if (timeline.Dedupe.TryGetValue(change.DedupeKey, out var first))
        {
            var earlier = timeline.Events.Find(e => e.Seq == first.Seq);
            return new CommitResult(CommitStatus.Duplicate, earlier, first.MessageId == change.MessageId);
        }

        var key = change.StateKey;
        var revision = timeline.Revisions.GetValueOrDefault(key);
        timeline.Current.TryGetValue(key, out var current);
        if (change.Kind != EventKinds.Published)
        {
            if (revision == 0)
            {
                return new CommitResult(CommitStatus.UnknownDevelopment);
            }

            // A change accepted before the last one applied lost the race through the bus: the newsroom has
            // already said something newer about this development.
            if (change.AcceptOrder is { } order && timeline.AppliedOrder.TryGetValue(LaneOf(change), out var applied) && order <= applied)
            {
                return new CommitResult(CommitStatus.Superseded);
            }

            if (revision < 0)
            {
                return new CommitResult(CommitStatus.Retracted);
            }
        }

        var (newRevision, fields) = change.Kind switch
        {
            EventKinds.Published => (1, change.Fields),
            EventKinds.Corrected => (revision + 1, change.Fields),
            EventKinds.Retracted => (revision, change.Fields),
            _ => (revision, TimelineEvents.FieldsOf(current!)),
        };
        var pinned = change.Kind != EventKinds.Retracted && (change.Pinned ?? current?.Pinned ?? false);

        var seq = ++timeline.LatestSeq;
        var committedAt = Milliseconds(timeProvider.GetUtcNow());
        var committed = TimelineEvents.Compose(
            change.Topic, seq, change.Kind, newRevision, pinned, fields, change.AcceptedAt, committedAt, timeline.Epoch);
        timeline.Events.Add(committed);
        timeline.Dedupe[change.DedupeKey] = (seq, change.MessageId);
        TrimDedupe(timeline, change, committedAt);
        timeline.UpdatedAt = committedAt;
        if (change.AcceptOrder is { } accepted)
        {
            Raise(LaneOf(change));
            if (change.Kind == EventKinds.Retracted)
            {
                Raise(PinLane(key));
            }

            void Raise(string lane) => timeline.AppliedOrder[lane] = Math.Max(accepted, timeline.AppliedOrder.GetValueOrDefault(lane));
        }

        if (change.Kind == EventKinds.Retracted)
        {
            timeline.Revisions[key] = -newRevision;
            timeline.Current.Remove(key);
            timeline.PinOrder.Remove(key);
        }
        else
        {
            timeline.Revisions[key] = newRevision;
            timeline.Accepted.Remove(key);
            timeline.Current[key] = TimelineEvents.State(
                fields, current?.Seq ?? seq, newRevision, pinned, current?.PublishedAt ?? committedAt, committedAt);
            if (!pinned)
            {
                timeline.PinOrder.Remove(key);
            }
            else
            {
                timeline.PinOrder.TryAdd(key, seq);
            }
        }

        Trim(timeline);
        return new CommitResult(CommitStatus.Committed, committed);
    }

    private static DateTimeOffset Milliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    // Publishes and retractions (one each per development) keep their dedupe keys with the topic: a publish committed
    // again would reset its development. The keys of corrections and pins go after the dedupe window (never less than
    // the retention: KeyLifetime), a bounded number per commit.
    private void TrimDedupe(TopicTimeline timeline, TimelineChange change, DateTimeOffset committedAt)
    {
        if (change.Kind is not (EventKinds.Published or EventKinds.Retracted))
        {
            timeline.DedupeTimes.Enqueue((change.DedupeKey, committedAt));
        }

        var cutoff = committedAt - _options.KeyLifetime;
        for (var i = 0; i < 100 && timeline.DedupeTimes.TryPeek(out var oldest) && oldest.At < cutoff; i++)
        {
            timeline.DedupeTimes.Dequeue();
            timeline.Dedupe.Remove(oldest.Key);
        }
    }

    private void Trim(TopicTimeline timeline)
    {
        var excess = timeline.Events.Count - _options.MaxEvents;
        if (excess > 0)
        {
            timeline.Events.RemoveRange(0, excess);
        }

        var cutoff = timeProvider.GetUtcNow() - _options.Retention;
        var expired = timeline.Events.FindIndex(e => e.CommittedAt >= cutoff);
        timeline.Events.RemoveRange(0, expired < 0 ? timeline.Events.Count : expired);
    }
}
