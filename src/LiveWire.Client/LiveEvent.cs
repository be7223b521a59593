namespace LiveWire.Client;

/// <summary>
/// One change to a topic's timeline, as the hub and <c>GET /api/topics/{topic}/events</c> send it: its position
/// (<see cref="Seq"/>) and the development's fields after the change.
/// </summary>
/// <remarks>
/// The property names match the server's event on both protocols: camelCase in JSON, as they are here in
/// MessagePack (whose server side writes property names unchanged).
/// </remarks>
public sealed record LiveEvent
{
    /// <summary>The topic the event belongs to (on the <c>breaking</c> topic: <c>breaking</c>).</summary>
    public required string Topic { get; init; }

    /// <summary>The event's position in its topic: 1, 2, 3… with no gaps.</summary>
    public required long Seq { get; init; }

    /// <summary>What happened: one of <see cref="LiveEventKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>1 for the first publish, +1 per correction.</summary>
    public int Revision { get; init; }

    /// <summary>The headline (null on <see cref="LiveEventKinds.Retracted"/>).</summary>
    public string? Headline { get; init; }

    /// <summary>The body: plain text or the safe HTML subset the server keeps.</summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Who wrote it.</summary>
    public string? Author { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether the development is a key event after this change.</summary>
    public bool Pinned { get; init; }

    /// <summary>On <see cref="LiveEventKinds.Retracted"/>: why.</summary>
    public string? Reason { get; init; }

    /// <summary>On the <c>breaking</c> topic: the topic the development was published on.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>When the service first accepted the change.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When the change got its <see cref="Seq"/>.</summary>
    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>
    /// The topic's epoch: it changes when the topic's history could not go on from what readers saw (the server's
    /// store lost data or went back). The client reloads the state on a new epoch instead of judging its seqs against
    /// the old position. Null from a server that predates epochs.
    /// </summary>
    public string? Epoch { get; init; }
}
