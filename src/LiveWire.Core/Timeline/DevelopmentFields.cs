using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>
/// A development's content as the timeline stores it: validated and with its body sanitised. For a retraction only
/// <see cref="Id"/> and <see cref="Reason"/> are set.
/// </summary>
public sealed record DevelopmentFields : DevelopmentDetails
{
    /// <summary>The development's id.</summary>
    public required string Id { get; init; }

    /// <summary>Why it was retracted.</summary>
    public string? Reason { get; init; }

    /// <summary>On the <c>breaking</c> topic: the topic the development was published on.</summary>
    public string? SourceTopic { get; init; }
}
