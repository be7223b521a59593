using System.ComponentModel.DataAnnotations;

namespace LiveWire.Server;

/// <summary>
/// The limits of the Server's HTTP side, per node: request sizes, request rates, connections per address and the
/// WebSockets Kestrel holds. Section <c>LiveWire:Limits</c>, beside the newsroom's
/// (<see cref="LiveWire.Core.Options.LimitsOptions"/>) and the hub's (<see cref="LiveWire.Realtime.HubLimitsOptions"/>).
/// </summary>
public sealed class ServerLimitsOptions
{
    /// <summary>The configuration section: <c>LiveWire:Limits</c>.</summary>
    public const string SectionName = "LiveWire:Limits";

    /// <summary>The most bytes in a newsroom request body; larger ones get <c>413</c>. Default 64 KiB.</summary>
    [Range(1_024, 16_777_216)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The newsroom calls one editor (one token subject) may make per second, on average, on one node; past the burst
    /// they get <c>429</c> with <c>Retry-After</c>. Default 50. A CMS that moves in bulk belongs on the bus.
    /// </summary>
    [Range(1, 1_000_000)]
    public int NewsroomRequestsPerSecond { get; set; } = 50;

    /// <summary>The newsroom calls one editor may make at once before the per-second rate applies. Default 200.</summary>
    [Range(1, 1_000_000)]
    public int NewsroomBurst { get; set; } = 200;

    /// <summary>
    /// The hub connections one client address may hold at once on a node; past it a connect gets <c>429</c>. Default
    /// 1,000 (an office or a carrier's NAT puts many readers behind one address).
    /// </summary>
    [Range(1, 1_000_000)]
    public int HubConnectionsPerAddress { get; set; } = 1_000;

    /// <summary>
    /// The reader GETs (<c>/api/topics…</c>, <c>/live/…</c>) one client address may make per second on a node, on
    /// average; past the burst they get <c>429</c> with <c>Retry-After</c>. Default 50.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReaderRequestsPerSecondPerAddress { get; set; } = 50;

    /// <summary>The reader GETs one client address may make at once on a node. Default 200.</summary>
    [Range(1, 1_000_000)]
    public int ReaderBurstPerAddress { get; set; } = 200;

    /// <summary>
    /// The WebSocket connections a node holds at once (Kestrel's <c>MaxConcurrentUpgradedConnections</c>); past it an
    /// upgrade is refused and the client falls back. Default 18,000: about 600 MiB at the ~34 KiB a connection
    /// measured on the scale-out layout (docs/benchmarks.md), and under the 20,000 open files a process may hold on
    /// the reference machine.
    /// </summary>
    [Range(1, 10_000_000)]
    public long MaxUpgradedConnections { get; set; } = 18_000;
}
