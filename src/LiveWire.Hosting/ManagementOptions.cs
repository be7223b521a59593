using System.ComponentModel.DataAnnotations;

namespace LiveWire.Hosting;

/// <summary>Where a node serves what only operators read: the Prometheus scrape endpoint.</summary>
public sealed class ManagementOptions
{
    /// <summary>The configuration section: <c>LiveWire:Management</c>.</summary>
    public const string SectionName = "LiveWire:Management";

    /// <summary>
    /// A second port on which the node listens (on every address) and the only one that serves <c>/metrics</c>, so that
    /// whatever exposes the public port to readers (a route, a load balancer) cannot expose the metrics. Health answers
    /// on both. Default none: <c>/metrics</c> is served on the node's own port(s), as for <c>dotnet run</c>.
    /// </summary>
    [Range(1, 65_535)]
    public int? Port { get; set; }
}
