namespace LiveWire.Contracts;

/// <summary>The kinds of timeline event, as they appear on the wire.</summary>
public static class EventKinds
{
    /// <summary>A new development.</summary>
    public const string Published = "published";

    /// <summary>A development's fields were replaced; its revision rose by one.</summary>
    public const string Corrected = "corrected";

    /// <summary>A development was withdrawn; readers stop showing it.</summary>
    public const string Retracted = "retracted";

    /// <summary>A development became a key event.</summary>
    public const string Pinned = "pinned";

    /// <summary>A development stopped being a key event.</summary>
    public const string Unpinned = "unpinned";
}
