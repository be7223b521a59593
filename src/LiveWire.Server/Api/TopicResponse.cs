using LiveWire.Core.Timeline;

namespace LiveWire.Server.Api;

/// <summary>The answer of <c>GET /api/topics/{topic}</c> (and of <c>PUT</c>): the topic's current state.</summary>
public sealed record TopicResponse(
    string Topic,
    string? Title,
    string? Summary,
    string Status,
    long LatestSeq,
    long Readers,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<TopicDevelopment> Pinned,
    IReadOnlyList<TopicDevelopment> Developments,
    string? Epoch)
{
    /// <summary>The answer for <paramref name="snapshot"/>.</summary>
    public static TopicResponse From(TopicSnapshot snapshot, long readers) => new(
        snapshot.Topic,
        snapshot.Info.Title,
        snapshot.Info.Summary,
        snapshot.Info.Status,
        snapshot.LatestSeq,
        readers,
        snapshot.UpdatedAt,
        snapshot.Pinned,
        snapshot.Developments,
        snapshot.Epoch);
}
