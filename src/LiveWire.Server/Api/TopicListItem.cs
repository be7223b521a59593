namespace LiveWire.Server.Api;

/// <summary>One topic in the answer of <c>GET /api/topics</c>.</summary>
public sealed record TopicListItem(string Topic, string? Title, string Status, long LatestSeq, long Readers, DateTimeOffset UpdatedAt);
