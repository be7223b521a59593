namespace LiveWire.Contracts;

/// <summary>
/// The fields of a development that a publish or a correction sets.
/// </summary>
public abstract record DevelopmentContent : DevelopmentChange
{
    /// <summary>1 to 200 characters.</summary>
    public required string Headline { get; init; }

    /// <summary>Up to 16 KiB of plain text or the safe HTML subset; everything else is removed before it is stored.</summary>
    public string? Body { get; init; }

    /// <summary><c>normal</c> (the default) or <c>breaking</c>.</summary>
    public string? Priority { get; init; }

    /// <summary>Up to 100 characters.</summary>
    public string? Author { get; init; }

    /// <summary>Up to 10 tags of up to 32 characters each.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}
