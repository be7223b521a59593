using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>How delivery receipts (acks) are gathered.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section: <c>LiveWire:Delivery</c>.</summary>
    public const string SectionName = "LiveWire:Delivery";

    /// <summary>How often each node adds the acks it gathered to the shared reports. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long reports are kept. Default 7 days (as the timeline's history).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest a client may say it held an ack (<c>heldMs</c>); more is taken as this. Default 60 s.</summary>
    [Range(0, 3_600_000)]
    public int MaxHeldMilliseconds { get; set; } = 60_000;
}
