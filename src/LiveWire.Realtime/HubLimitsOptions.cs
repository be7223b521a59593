using System.ComponentModel.DataAnnotations;

namespace LiveWire.Realtime;

/// <summary>
/// The limits on what one hub connection, and all the connections from one client address, may do on a node: section
/// <c>LiveWire:Limits</c>, beside the newsroom's (<see cref="LiveWire.Core.Options.LimitsOptions"/>).
/// </summary>
public sealed class HubLimitsOptions
{
    /// <summary>The configuration section: <c>LiveWire:Limits</c>.</summary>
    public const string SectionName = "LiveWire:Limits";

    /// <summary>The most topics one hub connection may subscribe to. Default 50.</summary>
    [Range(1, 10_000)]
    public int MaxSubscriptionsPerConnection { get; set; } = 50;

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
    /// How long the node waits to hear anything from a hub connection (a message or SignalR's keep-alive ping) before
    /// it closes the connection as gone (SignalR's <c>ClientTimeoutInterval</c>). The official clients ping every 30 s
    /// when they have nothing else to send, half as often as SignalR's default, since each ping costs the node a wake-up;
    /// a client that pings more often is welcome. Keep it well above 30 s: below that, an official client with nothing
    /// to say is closed and connects again. Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(60);

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
    /// The <c>Subscribe</c> and <c>Unsubscribe</c> calls all connections from one client address may make per second
    /// on a node, on average; past the burst they fail with <c>rate-limited:</c>. Default 100.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SubscribesPerSecondPerAddress { get; set; } = 100;

    /// <summary>The subscribe calls one client address may make at once on a node. Default 500.</summary>
    [Range(1, 1_000_000)]
    public int SubscribeBurstPerAddress { get; set; } = 500;
}
