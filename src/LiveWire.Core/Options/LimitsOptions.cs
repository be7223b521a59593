using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>The limits on what newsroom and readers may send.</summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section: <c>LiveWire:Limits</c>.</summary>
    public const string SectionName = "LiveWire:Limits";

    /// <summary>The most characters in a headline. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxHeadlineLength { get; set; } = 200;

    /// <summary>The most UTF-8 bytes in a body, before sanitising. Default 16 KiB.</summary>
    [Range(0, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The most characters in an author's name. Default 100.</summary>
    [Range(0, 10_000)]
    public int MaxAuthorLength { get; set; } = 100;

    /// <summary>The most tags on a development. Default 10.</summary>
    [Range(0, 1_000)]
    public int MaxTags { get; set; } = 10;

    /// <summary>The most characters in a tag. Default 32.</summary>
    [Range(1, 1_000)]
    public int MaxTagLength { get; set; } = 32;

    /// <summary>The most characters in a retraction's reason. Default 500.</summary>
    [Range(0, 10_000)]
    public int MaxReasonLength { get; set; } = 500;

    /// <summary>The most bytes in a newsroom request body; larger ones get <c>413</c>. Default 64 KiB.</summary>
    [Range(1_024, 16_777_216)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The most topics one hub connection may subscribe to. Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxSubscriptionsPerConnection { get; set; } = 50;

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
    /// The <c>Subscribe</c> and <c>Unsubscribe</c> calls one hub connection may make per second, on average; past the
    /// burst they fail with <c>rate-limited:</c>. Default 10.
    /// </summary>
    [Range(1, 10_000)]
    public int HubCallsPerSecond { get; set; } = 10;

    /// <summary>
    /// The <c>Subscribe</c> and <c>Unsubscribe</c> calls one hub connection may make at once: enough for a page that
    /// subscribes to every topic it may hold at once. Default 60.
    /// </summary>
    [Range(1, 10_000)]
    public int HubCallBurst { get; set; } = 60;

    /// <summary>
    /// The most bytes of outgoing messages the node holds for one hub connection before that connection's writes
    /// wait (SignalR's <c>TransportMaxBufferSize</c>). A reader that reads stays far below it; one that stops reading
    /// fills it and then has <see cref="OutboundStallTimeout"/> to make room. Default 64 KiB.
    /// </summary>
    [Range(4_096, 64 * 1_048_576)]
    public long OutboundBufferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a write to a hub connection may wait for room in its full outbound buffer before the node aborts the
    /// connection (the reader resumes with <c>afterSeq</c> when it comes back, so it loses nothing). Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OutboundStallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The acks one hub connection may send per second, on average; past the burst they count for nothing (clients
    /// ack at most once per topic per second). Default 50.
    /// </summary>
    [Range(1, 100_000)]
    public int AcksPerSecond { get; set; } = 50;

    /// <summary>The acks one hub connection may send at once before the per-second rate applies. Default 100.</summary>
    [Range(1, 1_000_000)]
    public int AckBurst { get; set; } = 100;

    /// <summary>
    /// The hub connections one client address may hold at once on a node; past it a connect gets <c>429</c>. Default
    /// 1,000 (an office or a carrier's NAT puts many readers behind one address).
    /// </summary>
    [Range(1, 1_000_000)]
    public int HubConnectionsPerAddress { get; set; } = 1_000;

    /// <summary>
    /// The <c>Subscribe</c> and <c>Unsubscribe</c> calls all connections from one client address may make per second
    /// on a node, on average; past the burst they fail with <c>rate-limited:</c>. Default 100.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SubscribesPerSecondPerAddress { get; set; } = 100;

    /// <summary>The subscribe calls one client address may make at once on a node. Default 500.</summary>
    [Range(1, 1_000_000)]
    public int SubscribeBurstPerAddress { get; set; } = 500;

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
