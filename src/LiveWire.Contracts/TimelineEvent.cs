namespace LiveWire.Contracts;

/// <summary>
/// One change to a topic's timeline, as readers receive it from the hub and <c>GET /api/topics/{topic}/events</c>: its
/// position (<see cref="Seq"/>) and the development's fields after the change (its content fields in
/// <see cref="DevelopmentDetails"/>).
/// </summary>
/// <remarks>
/// The server writes it and the .NET client reads it, so the names are the same on both protocols: camelCase in JSON,
/// as declared in MessagePack. Only what identifies an event is required: a reader takes an event from a server that
/// leaves out a field it does not know yet.
/// </remarks>
public sealed record TimelineEvent : DevelopmentDetails
{
    /// <summary>The topic.</summary>
    public required string Topic { get; init; }

    /// <summary>The event's position in the topic: 1, 2, 3… with no gaps.</summary>
    public required long Seq { get; init; }

    /// <summary>
    /// One of <see cref="EventKinds"/>: a string rather than an enum, so that a kind added later reaches an application
    /// built today instead of failing to deserialize.
    /// </summary>
    public required string Kind { get; init; }

    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>1 for the first publish, +1 per correction.</summary>
    public int Revision { get; init; }

    /// <summary>Whether the development is a key event after this change.</summary>
    public bool Pinned { get; init; }

    /// <summary>On <c>retracted</c>: why.</summary>
    public string? Reason { get; init; }

    /// <summary>On the <c>breaking</c> topic: where the development was published.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>When the service first accepted the change.</summary>
    public DateTimeOffset AcceptedAt { get; init; }

    /// <summary>When the change got its <see cref="Seq"/>.</summary>
    public DateTimeOffset CommittedAt { get; init; }

    /// <summary>
    /// The topic's epoch (docs/timeline.md, "Epochs"): it changes whenever the history can no longer be trusted to go
    /// on from what readers saw, and a reader that knew another epoch reloads the state instead of judging this
    /// event's <see cref="Seq"/> against its old position. Null from a store that predates epochs.
    /// </summary>
    public string? Epoch { get; init; }
}
