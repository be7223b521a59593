using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>How much history each topic keeps, and how much of it one read returns.</summary>
public sealed class TimelineOptions
{
    /// <summary>The configuration section: <c>LiveWire:Timeline</c>.</summary>
    public const string SectionName = "LiveWire:Timeline";

    /// <summary>Events kept per topic. Default 1,000.</summary>
    [Range(10, 1_000_000)]
    public int MaxEvents { get; set; } = 1_000;

    /// <summary>How long events are kept. Default 7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The most events one read of the history returns (<c>limit</c> on <c>GET …/events</c>). Default 500.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 500;
}
