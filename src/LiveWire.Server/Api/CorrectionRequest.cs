namespace LiveWire.Server.Api;

/// <summary>
/// The body of <c>PUT /api/topics/{topic}/developments/{id}</c>: the development's new fields, and optionally the
/// revision the correction creates, which makes a resubmission of the same correction commit once.
/// </summary>
public sealed record CorrectionRequest : DevelopmentContentRequest
{
    /// <summary>The revision this correction creates (2 or more), when the newsroom tracks it.</summary>
    public int? Revision { get; init; }
}
