namespace LiveWire.Client;

/// <summary>A development's current state in a <see cref="TopicSnapshot"/>: its latest fields, corrections applied.</summary>
public sealed record DevelopmentSnapshot
{
    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>The seq of the event that published it.</summary>
    public long Seq { get; init; }

    /// <summary>Its current revision.</summary>
    public int Revision { get; init; }

    /// <summary>The headline.</summary>
    public string? Headline { get; init; }

    /// <summary>The body.</summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Who wrote it.</summary>
    public string? Author { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether it is a key event.</summary>
    public bool Pinned { get; init; }

    /// <summary>On the <c>breaking</c> topic: the topic it was published on.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>When it was published.</summary>
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
