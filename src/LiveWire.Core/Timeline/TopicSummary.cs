namespace LiveWire.Core.Timeline;

/// <summary>One line of the topic list.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Title">Its title.</param>
/// <param name="Status"><c>live</c> or <c>ended</c>.</param>
/// <param name="LatestSeq">Its latest seq.</param>
/// <param name="UpdatedAt">Its last activity.</param>
public sealed record TopicSummary(string Topic, string? Title, string Status, long LatestSeq, DateTimeOffset UpdatedAt);
