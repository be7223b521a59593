namespace LiveWire.Core.Timeline;

/// <summary>A development's priority, as it appears on the wire.</summary>
public static class Priorities
{
    /// <summary>An ordinary update.</summary>
    public const string Normal = "normal";

    /// <summary>Breaking news: it also goes to the <c>breaking</c> topic.</summary>
    public const string Breaking = "breaking";

    /// <summary>Whether <paramref name="priority"/> is one of the known values.</summary>
    public static bool IsValid(string priority) => priority is Normal or Breaking;
}
