using System.ComponentModel.DataAnnotations;

namespace LiveWire.Realtime;

/// <summary>
/// How a node gathers its readers' acks (delivery receipts) into the shared delivery reports: section
/// <c>LiveWire:Delivery</c>, beside how long the reports are kept (<see cref="LiveWire.Core.Options.DeliveryOptions"/>).
/// </summary>
public sealed class AckOptions
{
    /// <summary>The configuration section: <c>LiveWire:Delivery</c>.</summary>
    public const string SectionName = "LiveWire:Delivery";

    /// <summary>How often each node adds the acks it gathered to the shared reports. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a client may say it held an ack (<c>heldMs</c>); more is taken as this. Default 60 s.</summary>
    [Range(0, 3_600_000)]
    public int MaxHeldMilliseconds { get; set; } = 60_000;
}
