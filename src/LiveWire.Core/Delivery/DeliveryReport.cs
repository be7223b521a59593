namespace LiveWire.Core.Delivery;

/// <summary>
/// How far and how fast one event got: readers subscribed at fan-out, readers that acknowledged it, and the time
/// from acceptance to the server's receipt of each ack, less the time the reader held the ack back.
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
    /// <summary>The report from a fan-out record and the merged ack counts.</summary>
    public static DeliveryReport From(FanOutRecord record, long acks, IReadOnlyDictionary<int, long> buckets, double max) => new(
        record.Topic,
        record.Seq,
        record.Id,
        record.AcceptedAt,
        record.CommittedAt,
        record.FannedOutAt,
        record.Subscribers,
        acks,
        LatencySummary.Of(buckets, max));
}
