namespace LiveWire.Client;

/// <summary>
/// The values of <see cref="LiveEvent.Kind"/>. A string rather than an enum, so that a kind added to the contract later
/// reaches an application built today instead of failing to deserialize.
/// </summary>
public static class LiveEventKinds
{
    /// <summary>A new development.</summary>
    public const string Published = "published";

    /// <summary>A development's fields were replaced; its revision rose by one.</summary>
    public const string Corrected = "corrected";

    /// <summary>A development was withdrawn: stop showing it.</summary>
    public const string Retracted = "retracted";

    /// <summary>A development became a key event.</summary>
    public const string Pinned = "pinned";

    /// <summary>A development stopped being a key event.</summary>
    public const string Unpinned = "unpinned";
}
