namespace LiveWire.Core.Timeline;

/// <summary>
/// A topic's current state, read in one atomic step with <see cref="LatestSeq"/>: a reader that loads it and then
/// resumes from <see cref="LatestSeq"/> misses nothing and applies nothing twice.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Info">Title, summary and status (status <c>live</c> until the newsroom says otherwise).</param>
/// <param name="LatestSeq">The seq the state includes.</param>
/// <param name="UpdatedAt">The last activity (commit or topic update), if any.</param>
/// <param name="Pinned">The key events, most recently pinned first.</param>
/// <param name="Developments">The current developments (retracted ones gone), newest first.</param>
/// <param name="Epoch">The topic's epoch, read with <paramref name="LatestSeq"/> (null for a topic with none yet).</param>
public sealed record TopicSnapshot(
    string Topic,
    TopicInfo Info,
    long LatestSeq,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<TopicDevelopment> Pinned,
    IReadOnlyList<TopicDevelopment> Developments,
    string? Epoch = null);
