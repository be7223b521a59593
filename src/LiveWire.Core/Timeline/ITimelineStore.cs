using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>
/// The timeline of every topic: assigns each change its <c>seq</c> and keeps the history readers resume from.
/// Implementations commit atomically: a change gets exactly one <c>seq</c>, however often it is committed.
/// </summary>
public interface ITimelineStore
{
    /// <summary>
    /// Commits <paramref name="change"/>: unless its dedupe key was committed before, it takes the topic's next
    /// <c>seq</c> and is appended to the history in one atomic step.
    /// </summary>
    Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken);

    /// <summary>Reads up to <paramref name="limit"/> events with <c>seq</c> above <paramref name="afterSeq"/>.</summary>
    Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>The topic's latest <c>seq</c>, 0 when it has none.</summary>
    Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken);

    /// <summary>Where development <paramref name="id"/> of <paramref name="topic"/> stands.</summary>
    Task<DevelopmentStatus> GetStatusAsync(string topic, string id, CancellationToken cancellationToken);

    /// <summary>
    /// The topic's current state with up to <paramref name="limit"/> developments, or null when nothing was ever
    /// published to it and the newsroom never described it.
    /// </summary>
    Task<TopicSnapshot?> GetTopicAsync(string topic, int limit, CancellationToken cancellationToken);

    /// <summary>Sets the topic's title, summary and status; the topic exists from then on.</summary>
    Task SetTopicInfoAsync(string topic, TopicInfo info, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> topics, newest activity first.</summary>
    Task<IReadOnlyList<TopicSummary>> ListTopicsAsync(int limit, CancellationToken cancellationToken);
}
