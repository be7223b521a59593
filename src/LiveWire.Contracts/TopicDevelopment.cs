namespace LiveWire.Contracts;

/// <summary>A development's current state in a <see cref="TopicSnapshot"/>: its latest fields, corrections applied.</summary>
public sealed record TopicDevelopment
{
    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>The seq of its publish event.</summary>
    public long Seq { get; init; }

    /// <summary>Its current revision.</summary>
    public int Revision { get; init; }

    /// <summary>The headline.</summary>
    public string? Headline { get; init; }

    /// <summary>The sanitised body.</summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Who wrote it.</summary>
    public string? Author { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Whether it is a key event.</summary>
    public bool Pinned { get; init; }

    /// <summary>On the <c>breaking</c> topic: where it was published.</summary>
    public string? SourceTopic { get; init; }

    /// <summary>When it was published (committed).</summary>
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>When it last changed (committed).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
