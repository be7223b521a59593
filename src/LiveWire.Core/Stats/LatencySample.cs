using LiveWire.Core.Delivery;

namespace LiveWire.Core.Stats;

/// <summary>
/// Latencies counted in <see cref="LatencyHistogram"/> buckets, with the largest seen: what a node publishes of its
/// last seconds, so samples of many nodes merge by adding their buckets.
/// </summary>
/// <param name="Buckets">Count per bucket (only buckets that hold any).</param>
/// <param name="Max">The largest latency counted, in milliseconds.</param>
public sealed record LatencySample(IReadOnlyDictionary<int, long> Buckets, double Max)
{
    /// <summary>The samples of several nodes as one.</summary>
    public static LatencySample Merge(IEnumerable<LatencySample?> samples)
    {
        var buckets = new Dictionary<int, long>();
        var max = 0d;
        foreach (var sample in samples.OfType<LatencySample>())
        {
            max = Math.Max(max, sample.Max);
            foreach (var (bucket, count) in sample.Buckets)
            {
                buckets[bucket] = buckets.GetValueOrDefault(bucket) + count;
            }
        }

        return new LatencySample(buckets, max);
    }

    /// <summary>p50, p90, p99 and max (all 0 when the sample is empty).</summary>
    public LatencySummary Summary() => LatencySummary.Of(Buckets, Max);
}
