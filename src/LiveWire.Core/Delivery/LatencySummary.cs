namespace LiveWire.Core.Delivery;

/// <summary>Delivery latency percentiles, in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double Max)
{
    /// <summary>p50, p90, p99 and max of latencies counted in <see cref="LatencyHistogram"/> buckets (all 0 when none).</summary>
    public static LatencySummary Of(IReadOnlyDictionary<int, long> buckets, double max) => new(
        LatencyHistogram.Percentile(buckets, 0.50, max),
        LatencyHistogram.Percentile(buckets, 0.90, max),
        LatencyHistogram.Percentile(buckets, 0.99, max),
        Math.Round(max, 1));
}
