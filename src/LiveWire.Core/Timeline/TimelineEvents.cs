using System.Security.Cryptography;
using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>
/// Builds events and states the same way in every timeline store. The one place that copies a development's fields
/// between what the store keeps (<see cref="DevelopmentFields"/>) and what readers get (<see cref="TimelineEvent"/>,
/// <see cref="TopicDevelopment"/>); the content fields they share go across whole
/// (<see cref="DevelopmentDetails.CopyContentTo{T}"/>), so a new one needs nothing here.
/// </summary>
public static class TimelineEvents
{
    /// <summary>The event a committed change becomes.</summary>
    public static TimelineEvent Compose(
        string topic,
        long seq,
        string kind,
        int revision,
        bool pinned,
        DevelopmentFields fields,
        DateTimeOffset acceptedAt,
        DateTimeOffset committedAt,
        string? epoch) => fields.CopyContentTo(new TimelineEvent
    {
        Topic = topic,
        Seq = seq,
        Kind = kind,
        Id = fields.Id,
        Revision = revision,
        Pinned = pinned,
        Reason = fields.Reason,
        SourceTopic = fields.SourceTopic,
        AcceptedAt = ToMilliseconds(acceptedAt),
        CommittedAt = ToMilliseconds(committedAt),
        Epoch = epoch,
    });

    /// <summary>A development's current state from its stored fields and positions.</summary>
    public static TopicDevelopment State(
        DevelopmentFields fields, long seq, int revision, bool pinned, DateTimeOffset publishedAt, DateTimeOffset updatedAt) => fields.CopyContentTo(new TopicDevelopment
    {
        Id = fields.Id,
        Seq = seq,
        Revision = revision,
        Pinned = pinned,
        SourceTopic = fields.SourceTopic,
        PublishedAt = publishedAt,
        UpdatedAt = updatedAt,
    });

    /// <summary>The fields a development's current state holds (a pin or an unpin keeps them).</summary>
    public static DevelopmentFields FieldsOf(TopicDevelopment development) => development.CopyContentTo(new DevelopmentFields
    {
        Id = development.Id,
        SourceTopic = development.SourceTopic,
    });

    /// <summary>The fields an event carries (its copy to the <c>breaking</c> topic takes them).</summary>
    public static DevelopmentFields FieldsOf(TimelineEvent timelineEvent) => timelineEvent.CopyContentTo(new DevelopmentFields
    {
        Id = timelineEvent.Id,
        Reason = timelineEvent.Reason,
        SourceTopic = timelineEvent.SourceTopic,
    });

    /// <summary>A new epoch: 8 random hex digits, enough that two epochs of one topic never meet.</summary>
    public static string NewEpoch() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    // Stores keep times to the millisecond; every store returns them so.
    private static DateTimeOffset ToMilliseconds(DateTimeOffset time) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>
    /// Whether a reader at <paramref name="afterSeq"/> can no longer resume from history: the events after it are not
    /// all retained, or it is ahead of the topic.
    /// </summary>
    /// <param name="afterSeq">The last seq the reader applied.</param>
    /// <param name="firstRetainedSeq">The oldest retained seq, or <paramref name="latestSeq"/> + 1 when none is.</param>
    /// <param name="latestSeq">The topic's latest seq.</param>
    public static bool NeedsReset(long afterSeq, long firstRetainedSeq, long latestSeq) =>
        afterSeq > latestSeq || afterSeq < firstRetainedSeq - 1;
}
