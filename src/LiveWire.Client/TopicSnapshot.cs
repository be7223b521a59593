namespace LiveWire.Client;

/// <summary>
/// A topic's current state, as <c>GET /api/topics/{topic}</c> answers it. The client hands it to
/// <see cref="SubscribeOptions.OnReset"/> when the events after the application's position are no longer retained;
/// delivery then goes on with the event after <see cref="LatestSeq"/>.
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

    /// <summary>The seq this state includes: the next event the application gets is the one after it.</summary>
    public long LatestSeq { get; init; }

    /// <summary>How many readers have the topic open.</summary>
    public long Readers { get; init; }

    /// <summary>The key events, most recently pinned first.</summary>
    public IReadOnlyList<DevelopmentSnapshot> Pinned { get; init; } = [];

    /// <summary>The current developments (retracted ones gone), newest first.</summary>
    public IReadOnlyList<DevelopmentSnapshot> Developments { get; init; } = [];

    /// <summary>The topic's epoch that <see cref="LatestSeq"/> belongs to (null from a server that predates epochs).</summary>
    public string? Epoch { get; init; }
}
