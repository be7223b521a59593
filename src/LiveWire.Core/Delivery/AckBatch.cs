namespace LiveWire.Core.Delivery;

/// <summary>What one node gathered about one event since its last flush: the readers it wrote it to, and their acks.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Seq">The event.</param>
/// <param name="Acks">How many readers acknowledged it.</param>
/// <param name="Buckets">Their latencies, counted per <see cref="LatencyHistogram"/> bucket.</param>
/// <param name="MaxMilliseconds">The slowest of them.</param>
/// <param name="Subscribers">
/// How many of this node's connections the event was written to (live or replayed): a report's
/// <see cref="DeliveryReport.Subscribers"/> is the sum over the nodes.
/// </param>
public sealed record AckBatch(string Topic, long Seq, long Acks, IReadOnlyDictionary<int, long> Buckets, double MaxMilliseconds, long Subscribers = 0);
