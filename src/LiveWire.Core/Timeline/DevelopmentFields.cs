namespace LiveWire.Core.Timeline;

/// <summary>
/// A development's content as the timeline stores it: validated and with its body sanitised. For a retraction only
/// <see cref="Id"/> and <see cref="Reason"/> are set.
/// </summary>
public sealed record DevelopmentFields
{
    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

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

    /// <summary>Why it was retracted.</summary>
    public string? Reason { get; init; }

    /// <summary>On the <c>breaking</c> topic: the topic the development was published on.</summary>
    public string? SourceTopic { get; init; }
}
