using LiveWire.Core.Delivery;
using LiveWire.Core.Stats;

namespace LiveWire.Server.Api;

/// <summary>The answer of <c>GET /api/admin/overview</c>: what the live dashboard shows.</summary>
/// <param name="CheckedAt">When this answer was put together.</param>
/// <param name="Nodes">Every node with a live heartbeat.</param>
/// <param name="Connections">Open hub connections on all nodes.</param>
/// <param name="Subscriptions">Their topic subscriptions.</param>
/// <param name="EventsCommitted">Events committed by all live nodes since they started (the rate is <paramref name="EventsPerSecond"/>).</param>
/// <param name="BusiestTopics">The topics with the most readers.</param>
/// <param name="RecentDeliveries">The reach of the latest events, newest first.</param>
/// <param name="EventsPerSecond">Events committed per second by all live nodes, over their last heartbeat interval.</param>
/// <param name="AcksPerSecond">Deliveries acknowledged per second on all live nodes, likewise.</param>
/// <param name="FanOutMs">Fan-out durations (accepted to sent) of the last seconds on all nodes, merged.</param>
/// <param name="DeliveryMs">Delivery latencies (accepted to acked) of the last seconds on all nodes, merged.</param>
/// <param name="Dependencies">Redis, RabbitMQ and the bus, as the answering node's readiness checks see them now.</param>
public sealed record OverviewResponse(
    DateTimeOffset CheckedAt,
    IReadOnlyList<NodeSnapshot> Nodes,
    long Connections,
    long Subscriptions,
    long EventsCommitted,
    IReadOnlyList<TopicListItem> BusiestTopics,
    IReadOnlyList<DeliveryReport> RecentDeliveries,
    double EventsPerSecond,
    double AcksPerSecond,
    LatencySummary FanOutMs,
    LatencySummary DeliveryMs,
    IReadOnlyList<DependencyHealth> Dependencies);
