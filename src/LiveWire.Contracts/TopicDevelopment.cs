namespace LiveWire.Contracts;

/// <summary>A development's current state in a <see cref="TopicSnapshot"/>: its latest fields, corrections applied.</summary>
public sealed record TopicDevelopment : DevelopmentDetails
{
    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>The seq of its publish event.</summary>
    public long Seq { get; init; }

    /// <summary>Its current revision.</summary>
    public int Revision { get; init; }

    /// <summary>Whether it is a key event.</summary>
    public bool Pinned { get; init; }

    /// <summary>On the <c>breaking</c> topic: where it was published.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>When it was published (committed).</summary>
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>When it last changed (committed).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
