using System.ComponentModel.DataAnnotations;

namespace LiveWire.Realtime.Draining;

/// <summary>How a Server node leaves when it is told to stop (<c>SIGTERM</c>): section <c>LiveWire:Shutdown</c>.</summary>
public sealed class DrainOptions
{
    /// <summary>The configuration section: <c>LiveWire:Shutdown</c>.</summary>
    public const string SectionName = "LiveWire:Shutdown";

    /// <summary>
    /// How long the node takes to close its readers' connections, spread evenly over the window with jitter, so the
    /// nodes that stay take them over a few per second rather than all at once. Keep it below the platform's grace
    /// period (Kubernetes' <c>terminationGracePeriodSeconds</c>) less the host's shutdown timeout. Default 30 s; zero
    /// closes them all at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainWindow { get; set; } = TimeSpan.FromSeconds(30);
}
