namespace LiveWire.Core.Stats;

/// <summary>
/// This node's running totals and recent latencies for the live dashboard, fed by <see cref="Telemetry.LiveWireMetrics"/>
/// alongside its instruments and published with the node's heartbeat.
/// </summary>
public sealed class NodeStats(TimeProvider timeProvider)
{
    private long _connections;
    private long _subscriptions;
    private long _committed;
    private long _acks;

    /// <summary>When this node started.</summary>
    public DateTimeOffset StartedAt { get; } = timeProvider.GetUtcNow();

    /// <summary>Recent fan-out durations (accepted to sent).</summary>
    public LatencyWindow FanOut { get; } = new(timeProvider);

    /// <summary>Recent delivery latencies (accepted to ack).</summary>
    public LatencyWindow Delivery { get; } = new(timeProvider);

    /// <summary>Open hub connections.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Subscriptions of open connections.</summary>
    public long Subscriptions => Interlocked.Read(ref _subscriptions);

    /// <summary>Events this node committed since it started.</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Event deliveries acknowledged to this node since it started.</summary>
    public long Acks => Interlocked.Read(ref _acks);

    internal void AddConnections(long delta) => Interlocked.Add(ref _connections, delta);

    internal void AddSubscriptions(long delta) => Interlocked.Add(ref _subscriptions, delta);

    internal void AddCommitted() => Interlocked.Increment(ref _committed);

    internal void AddAck() => Interlocked.Increment(ref _acks);
}
