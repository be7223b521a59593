namespace LiveWire.Contracts;

/// <summary>
/// Retracts a development: readers stop showing it, and it can no longer be corrected or pinned.
/// </summary>
public sealed record RetractDevelopment : DevelopmentChange
{
    /// <summary>Why it was retracted, shown to readers (up to 500 characters).</summary>
    public string? Reason { get; init; }
}
