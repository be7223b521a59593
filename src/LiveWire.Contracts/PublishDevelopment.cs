namespace LiveWire.Contracts;

/// <summary>
/// Publishes a new development on a live story. The same <see cref="DevelopmentChange.Id"/> published again is
/// committed once.
/// </summary>
public sealed record PublishDevelopment : DevelopmentContent
{
    /// <summary>Whether the development is a key event (pinned) from the start.</summary>
    public bool Pinned { get; init; }
}
