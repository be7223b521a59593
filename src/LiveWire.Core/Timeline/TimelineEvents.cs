using System.Security.Cryptography;

namespace LiveWire.Core.Timeline;

/// <summary>Builds events the same way in every timeline store.</summary>
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
