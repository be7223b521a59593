namespace LiveWire.Core.Delivery;

/// <summary>
/// Log-scale latency buckets (each 5% wider than the last), so counts from many nodes merge by adding them and
/// percentiles come out within 5%: bucket 0 holds [0, 1) ms, bucket k ≥ 1 holds [1.05^(k-1), 1.05^k) ms.
/// </summary>
public static class LatencyHistogram
{
    private const double Growth = 1.05;
    private static readonly double LogGrowth = Math.Log(Growth);

    /// <summary>The highest bucket: about 25 minutes; slower deliveries are counted there.</summary>
    public const int MaxBucket = 300;

    /// <summary>The bucket of a latency of <paramref name="milliseconds"/>.</summary>
    public static int BucketOf(double milliseconds) =>
        milliseconds < 1 ? 0 : Math.Min(MaxBucket, 1 + (int)Math.Floor(Math.Log(milliseconds) / LogGrowth));

    /// <summary>The upper bound of <paramref name="bucket"/>, in milliseconds.</summary>
    public static double UpperBound(int bucket) => Math.Pow(Growth, bucket);

    /// <summary>
    /// The nearest-rank percentile <paramref name="fraction"/> (0.5 for p50) of the latencies counted in
    /// <paramref name="buckets"/>, as its bucket's upper bound, never above <paramref name="max"/>.
    /// </summary>
    public static double Percentile(IReadOnlyDictionary<int, long> buckets, double fraction, double max)
    {
        var total = buckets.Values.Sum();
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        foreach (var (bucket, count) in buckets.OrderBy(pair => pair.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return Math.Round(Math.Min(UpperBound(bucket), max), 1);
            }
        }

        return max;
    }
}
