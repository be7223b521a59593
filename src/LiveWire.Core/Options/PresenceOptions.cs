using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>How nodes share their reader counts.</summary>
public sealed class PresenceOptions
{
    /// <summary>The configuration section: <c>LiveWire:Presence</c>.</summary>
    public const string SectionName = "LiveWire:Presence";

    /// <summary>
    /// How often each node publishes its reader counts; counts are that stale at most, and a node that stops
    /// publishing drops out after three intervals. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(5);
}
