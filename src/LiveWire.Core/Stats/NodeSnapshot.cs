namespace LiveWire.Core.Stats;

/// <summary>One node's state as its last heartbeat said, for the dashboard.</summary>
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
    bool Ready);
