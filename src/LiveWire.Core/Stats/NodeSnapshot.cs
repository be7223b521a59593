namespace LiveWire.Core.Stats;

/// <summary>One node's state as its last heartbeat said, for the dashboard.</summary>
/// <param name="NodeId">The node's id (host name and a random suffix).</param>
/// <param name="Service">livewire-server or livewire-ingestion.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="SeenAt">When it published this heartbeat.</param>
/// <param name="Connections">Its open hub connections.</param>
/// <param name="Subscriptions">Their topic subscriptions.</param>
/// <param name="EventsCommitted">Events it committed since it started.</param>
/// <param name="Acks">Deliveries acknowledged to it since it started.</param>
/// <param name="FanOutP50Ms">p50 of its fan-out durations over the last seconds.</param>
/// <param name="FanOutP99Ms">p99 of the same.</param>
/// <param name="DeliveryP50Ms">p50 of the delivery latencies its readers acknowledged over the last seconds.</param>
/// <param name="DeliveryP99Ms">p99 of the same.</param>
/// <param name="Ready">Whether all of its readiness checks passed.</param>
/// <param name="EventsPerSecond">Events it committed per second since its previous heartbeat.</param>
/// <param name="AcksPerSecond">Deliveries acknowledged to it per second since its previous heartbeat.</param>
/// <param name="FanOutRecent">Its fan-out durations of the last seconds, to merge with other nodes'.</param>
/// <param name="DeliveryRecent">Its delivery latencies of the last seconds, to merge with other nodes'.</param>
/// <param name="Checks">Its readiness checks by name (redis, rabbitmq, the bus), as healthy, degraded or unhealthy.</param>
public sealed record NodeSnapshot(
    string NodeId,
    string Service,
    DateTimeOffset StartedAt,
    DateTimeOffset SeenAt,
    long Connections,
    long Subscriptions,
    long EventsCommitted,
    long Acks,
    double FanOutP50Ms,
    double FanOutP99Ms,
    double DeliveryP50Ms,
    double DeliveryP99Ms,
    bool Ready,
    double EventsPerSecond = 0,
    double AcksPerSecond = 0,
    LatencySample? FanOutRecent = null,
    LatencySample? DeliveryRecent = null,
    IReadOnlyDictionary<string, string>? Checks = null);
