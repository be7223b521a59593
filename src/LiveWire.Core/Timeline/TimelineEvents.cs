using System.Security.Cryptography;
using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>
/// Builds events and states the same way in every timeline store. The one place that copies a development's fields
/// between what the store keeps (<see cref="DevelopmentFields"/>) and what readers get (<see cref="TimelineEvent"/>,
/// <see cref="TopicDevelopment"/>).
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
        string? epoch) => new()
    {
        Topic = topic,
        Seq = seq,
        Kind = kind,
        Id = fields.Id,
        Revision = revision,
        Headline = fields.Headline,
        Body = fields.Body,
        Priority = fields.Priority,
        Author = fields.Author,
        Tags = fields.Tags,
        Pinned = pinned,
        Reason = fields.Reason,
        SourceTopic = fields.SourceTopic,
        AcceptedAt = ToMilliseconds(acceptedAt),
        CommittedAt = ToMilliseconds(committedAt),
        Epoch = epoch,
    };

    /// <summary>A development's current state from its stored fields and positions.</summary>
    public static TopicDevelopment State(
        DevelopmentFields fields, long seq, int revision, bool pinned, DateTimeOffset publishedAt, DateTimeOffset updatedAt) => new()
    {
        Id = fields.Id,
        Seq = seq,
        Revision = revision,
        Headline = fields.Headline,
        Body = fields.Body,
        Priority = fields.Priority,
        Author = fields.Author,
        Tags = fields.Tags,
        Pinned = pinned,
        SourceTopic = fields.SourceTopic,
        PublishedAt = publishedAt,
        UpdatedAt = updatedAt,
    };

    /// <summary>The fields a development's current state holds (a pin or an unpin keeps them).</summary>
    public static DevelopmentFields FieldsOf(TopicDevelopment development) => new()
    {
        Id = development.Id,
        Headline = development.Headline,
        Body = development.Body,
        Priority = development.Priority,
        Author = development.Author,
        Tags = development.Tags,
        SourceTopic = development.SourceTopic,
    };

    /// <summary>The fields an event carries (its copy to the <c>breaking</c> topic takes them).</summary>
    public static DevelopmentFields FieldsOf(TimelineEvent timelineEvent) => new()
    {
        Id = timelineEvent.Id,
        Headline = timelineEvent.Headline,
        Body = timelineEvent.Body,
        Priority = timelineEvent.Priority,
        Author = timelineEvent.Author,
        Tags = timelineEvent.Tags,
        Reason = timelineEvent.Reason,
        SourceTopic = timelineEvent.SourceTopic,
    };

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
