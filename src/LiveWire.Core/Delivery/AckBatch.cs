namespace LiveWire.Core.Delivery;

/// <summary>What one node gathered about one event's acks since its last flush.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Seq">The event.</param>
/// <param name="Acks">How many readers acknowledged it.</param>
/// <param name="Buckets">Their latencies, counted per <see cref="LatencyHistogram"/> bucket.</param>
/// <param name="MaxMilliseconds">The slowest of them.</param>
public sealed record AckBatch(string Topic, long Seq, long Acks, IReadOnlyDictionary<int, long> Buckets, double MaxMilliseconds);
