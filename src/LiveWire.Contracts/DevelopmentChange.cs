namespace LiveWire.Contracts;

/// <summary>
/// What every change to a live story's timeline carries on the bus.
/// </summary>
public abstract record DevelopmentChange
{
    /// <summary>The topic (live story) the change belongs to, e.g. <c>ukraine-crisis</c>.</summary>
    public required string Topic { get; init; }

    /// <summary>
    /// The development's id (1 to 64 of <c>A-Za-z0-9_-</c>). On <see cref="PublishDevelopment"/> it may be left out:
    /// the ingestion then derives one from the bus message id, so a redelivered message keeps its id.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>When the newsroom submitted the change (its own clock).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>
    /// When LiveWire first accepted the change. The HTTP API sets it; a CMS publishing straight onto the bus leaves it
    /// out and the message's sent time stands in.
    /// </summary>
    public DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>
    /// Where the HTTP API placed the change among the topic's accepted changes. The ingestion commits the topic's
    /// changes in this order (docs/timeline.md#ordering); one that arrives after its place was passed over and is
    /// older than the last change applied to its development is superseded and dropped, so the development ends as the newsroom last said. Changes a CMS puts straight on the bus leave it
    /// out and are applied as they come.
    /// </summary>
    public long? AcceptOrder { get; init; }
}
