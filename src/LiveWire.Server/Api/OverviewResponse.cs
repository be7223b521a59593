using LiveWire.Core.Delivery;
using LiveWire.Core.Stats;

namespace LiveWire.Server.Api;

/// <summary>The answer of <c>GET /api/admin/overview</c>: what the live dashboard shows.</summary>
/// <param name="CheckedAt">When this answer was put together.</param>
/// <param name="Nodes">Every node with a live heartbeat.</param>
/// <param name="Connections">Open hub connections on all nodes.</param>
/// <param name="Subscriptions">Their topic subscriptions.</param>
/// <param name="EventsCommitted">Events committed by all live nodes since they started (the dashboard derives a rate).</param>
/// <param name="BusiestTopics">The topics with the most readers.</param>
/// <param name="RecentDeliveries">The reach of the latest events, newest first.</param>
public sealed record OverviewResponse(
    DateTimeOffset CheckedAt,
    IReadOnlyList<NodeSnapshot> Nodes,
    long Connections,
    long Subscriptions,
    long EventsCommitted,
    IReadOnlyList<TopicListItem> BusiestTopics,
    IReadOnlyList<DeliveryReport> RecentDeliveries);
