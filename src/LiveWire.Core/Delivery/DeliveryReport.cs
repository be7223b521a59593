namespace LiveWire.Core.Delivery;

/// <summary>
/// How far and how fast one event got: the connections it was written to (summed over the nodes, each counting its
/// own), readers that acknowledged it, and the time from acceptance to the server's receipt of each ack, less the
/// time the reader held the ack back. A connection acks only what it was counted for, so <c>Acks ≤ Subscribers</c>
/// once both are flushed.
/// </summary>
public sealed record DeliveryReport(
    string Topic,
    long Seq,
    string Id,
    DateTimeOffset AcceptedAt,
    DateTimeOffset CommittedAt,
    DateTimeOffset? FannedOutAt,
    long Subscribers,
    long Acks,
    LatencySummary LatencyMs)
{
    /// <summary>The report from a fan-out record and the nodes' merged counts.</summary>
    public static DeliveryReport From(FanOutRecord record, long subscribers, long acks, IReadOnlyDictionary<int, long> buckets, double max) => new(
        record.Topic,
        record.Seq,
        record.Id,
        record.AcceptedAt,
        record.CommittedAt,
        record.FannedOutAt,
        subscribers,
        acks,
        LatencySummary.Of(buckets, max));
}
