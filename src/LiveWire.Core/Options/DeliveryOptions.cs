using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>
/// How long delivery reports are kept, by whichever delivery store holds them. How a node gathers its readers' acks
/// (<c>AckOptions</c>, LiveWire.Realtime) is in the same section.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section: <c>LiveWire:Delivery</c>.</summary>
    public const string SectionName = "LiveWire:Delivery";

    /// <summary>How long reports are kept. Default 7 days (as the timeline's history).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}
