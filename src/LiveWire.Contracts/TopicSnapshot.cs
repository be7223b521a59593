namespace LiveWire.Contracts;

/// <summary>
/// A topic's current state, as <c>GET /api/topics/{topic}</c> (and the newsroom's <c>PUT</c>) answers it, read in one
/// atomic step with <see cref="LatestSeq"/>: a reader that loads it and then resumes from <see cref="LatestSeq"/>
/// misses nothing and applies nothing twice.
/// </summary>
public sealed record TopicSnapshot
{
    /// <summary>The topic.</summary>
    public required string Topic { get; init; }

    /// <summary>The story's title, when the newsroom gave one.</summary>
    public string? Title { get; init; }

    /// <summary>A short summary, when the newsroom gave one.</summary>
    public string? Summary { get; init; }

    /// <summary><c>live</c> or <c>ended</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The seq this state includes: the next event a reader applies is the one after it.</summary>
    public long LatestSeq { get; init; }

    /// <summary>How many readers have the topic open.</summary>
    public long Readers { get; init; }

    /// <summary>The last activity (a commit or a topic update), if any.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The key events, most recently pinned first.</summary>
    public IReadOnlyList<TopicDevelopment> Pinned { get; init; } = [];

    /// <summary>The current developments (retracted ones gone), newest first.</summary>
    public IReadOnlyList<TopicDevelopment> Developments { get; init; } = [];

    /// <summary>
    /// The topic's epoch that <see cref="LatestSeq"/> belongs to (left out while it has none); see docs/timeline.md,
    /// "Epochs".
    /// </summary>
    public string? Epoch { get; init; }
}
