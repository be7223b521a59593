using LiveWire.Contracts;
using LiveWire.Core.Timeline;

namespace LiveWire.Testing;

/// <summary>A timeline store that passes every call to another; tests override the calls they hold or watch.</summary>
public class DelegatingTimelineStore(ITimelineStore inner) : ITimelineStore
{
    /// <inheritdoc />
    public virtual Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken) =>
        inner.CommitAsync(change, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken) =>
        inner.ReadAsync(topic, afterSeq, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken) =>
        inner.GetLatestSeqAsync(topic, cancellationToken);

    /// <inheritdoc />
    public virtual Task<DevelopmentStatus> GetStatusAsync(string topic, string id, CancellationToken cancellationToken) =>
        inner.GetStatusAsync(topic, id, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TopicSnapshot?> GetTopicAsync(string topic, int limit, CancellationToken cancellationToken) =>
        inner.GetTopicAsync(topic, limit, cancellationToken);

    /// <inheritdoc />
    public virtual Task SetTopicInfoAsync(string topic, TopicInfo info, CancellationToken cancellationToken) =>
        inner.SetTopicInfoAsync(topic, info, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IReadOnlyList<TopicSummary>> ListTopicsAsync(int limit, CancellationToken cancellationToken) =>
        inner.ListTopicsAsync(limit, cancellationToken);
}
