using System.Collections.Concurrent;
using LiveWire.Core.Options;
using Microsoft.Extensions.Options;

namespace LiveWire.Core.Timeline;

/// <summary>
/// The embedded default timeline: one process, nothing installed, nothing kept across restarts. Same semantics as
/// the Redis store (both pass one conformance suite).
/// </summary>
public sealed class InMemoryTimelineStore(IOptions<TimelineOptions> options, TimeProvider timeProvider) : ITimelineStore
{
    private readonly TimelineOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, TopicTimeline> _topics = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken)
    {
        var timeline = _topics.GetOrAdd(change.Topic, static _ => new TopicTimeline());
        lock (timeline)
        {
            return Task.FromResult(Commit(timeline, change));
        }
    }

    /// <inheritdoc />
    public Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (!_topics.TryGetValue(topic, out var timeline))
        {
            return Task.FromResult(new TimelinePage(0, afterSeq > 0, []));
        }

        lock (timeline)
        {
            Trim(timeline);
            var firstRetained = timeline.Events.Count > 0 ? timeline.Events[0].Seq : timeline.LatestSeq + 1;
            if (TimelineEvents.NeedsReset(afterSeq, firstRetained, timeline.LatestSeq))
            {
                return Task.FromResult(new TimelinePage(timeline.LatestSeq, true, []));
            }

            var skip = (int)(afterSeq - firstRetained + 1);
            var events = timeline.Events.Skip(Math.Max(skip, 0)).Take(limit).ToArray();
            return Task.FromResult(new TimelinePage(timeline.LatestSeq, false, events));
        }
    }

    /// <inheritdoc />
    public Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken) =>
        Task.FromResult(_topics.TryGetValue(topic, out var timeline) ? Volatile.Read(ref timeline.LatestSeq) : 0);

    private CommitResult Commit(TopicTimeline timeline, TimelineChange change)
    {
        if (timeline.Dedupe.TryGetValue(change.DedupeKey, out var first))
        {
            var earlier = timeline.Events.Find(e => e.Seq == first.Seq);
            return new CommitResult(CommitStatus.Duplicate, earlier, first.MessageId == change.MessageId);
        }

        var id = change.Fields.Id;
        var revision = timeline.Revisions.GetValueOrDefault(id);
        if (change.Kind != EventKinds.Published)
        {
            if (revision == 0)
            {
                return new CommitResult(CommitStatus.UnknownDevelopment);
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
            _ => (revision, timeline.Current[id]),
        };
        var pinned = change.Kind != EventKinds.Retracted
            && (change.Pinned ?? timeline.Pinned.Contains(id));

        var seq = ++timeline.LatestSeq;
        var committed = TimelineEvents.Compose(
            change.Topic, seq, change.Kind, newRevision, pinned, fields, change.AcceptedAt, timeProvider.GetUtcNow());
        timeline.Events.Add(committed);
        timeline.Dedupe[change.DedupeKey] = (seq, change.MessageId);

        if (change.Kind == EventKinds.Retracted)
        {
            timeline.Revisions[id] = -newRevision;
            timeline.Current.Remove(id);
            timeline.Pinned.Remove(id);
        }
        else
        {
            timeline.Revisions[id] = newRevision;
            timeline.Current[id] = fields;
            if (pinned)
            {
                timeline.Pinned.Add(id);
            }
            else
            {
                timeline.Pinned.Remove(id);
            }
        }

        Trim(timeline);
        return new CommitResult(CommitStatus.Committed, committed);
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

    private sealed class TopicTimeline
    {
        public long LatestSeq;
        public readonly List<TimelineEvent> Events = [];
        public readonly Dictionary<string, (long Seq, string MessageId)> Dedupe = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> Revisions = new(StringComparer.Ordinal);
        public readonly Dictionary<string, DevelopmentFields> Current = new(StringComparer.Ordinal);
        public readonly HashSet<string> Pinned = new(StringComparer.Ordinal);
    }
}
