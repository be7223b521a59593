namespace LiveWire.Server.Api;

/// <summary>
/// The fields a publish and a correction carry. Every field is optional to the JSON binder, so a missing or bad
/// field is reported by name rather than as an unreadable body.
/// </summary>
public abstract record DevelopmentContentRequest
{
    /// <summary>1 to 200 characters.</summary>
    public string? Headline { get; init; }

    /// <summary>Plain text or the safe HTML subset, up to 16 KiB.</summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> (default) or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Up to 100 characters.</summary>
    public string? Author { get; init; }

    /// <summary>Up to 10 tags of up to 32 characters.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>When the newsroom submitted it, by its own clock.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
}
