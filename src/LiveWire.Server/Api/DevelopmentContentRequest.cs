using LiveWire.Contracts;

namespace LiveWire.Server.Api;

/// <summary>
/// The fields a publish and a correction carry. Every field is optional to the JSON binder, so a missing or bad
/// field is reported by name rather than as an unreadable body.
/// </summary>
public abstract record DevelopmentContentRequest : DevelopmentDetails
{
    /// <summary>When the newsroom submitted it, by its own clock.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
}
