namespace LiveWire.Server.Api;

/// <summary>The body of <c>POST /api/topics/{topic}/developments</c>.</summary>
public sealed record DevelopmentRequest : DevelopmentContentRequest
{
    /// <summary>The development's id; the server makes one when none is given.</summary>
    public string? Id { get; init; }

    /// <summary>Whether it is a key event from the start.</summary>
    public bool? Pinned { get; init; }
}
