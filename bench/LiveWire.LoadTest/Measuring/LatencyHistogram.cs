namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// Accept-to-receipt latencies, counted into fixed buckets from many threads at once: 10 µs wide up to one second,
/// 1 ms wide up to a minute, one bucket beyond. Percentiles are the upper edge of their bucket.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int FineBuckets = 100_000;   // 0 to 1,000 ms by 10 µs
    private const int CoarseBuckets = 59_000;  // 1 s to 60 s by 1 ms
    private readonly long[] _counts = new long[FineBuckets + CoarseBuckets + 1];
    private long _maxMicroseconds;

    public void Add(double milliseconds)
    {
        var microseconds = (long)Math.Max(0, milliseconds * 1000);
        var index = microseconds < 1_000_000 ? (int)(microseconds / 10)
            : microseconds < 60_000_000 ? FineBuckets + (int)((microseconds - 1_000_000) / 1000)
            : _counts.Length - 1;
        Interlocked.Increment(ref _counts[index]);
        AtomicMax.Raise(ref _maxMicroseconds, microseconds);
    }

    /// <summary>The buckets that hold anything, and the largest latency, for <see cref="Merge"/> in another process.</summary>
    public (long[][] Buckets, long MaxMicroseconds) Export() =>
        (_counts.Select((count, index) => new[] { index, count }).Where(b => b[1] > 0).ToArray(), Volatile.Read(ref _maxMicroseconds));

    public void Merge(long[][] buckets, long maxMicroseconds)
    {
        foreach (var bucket in buckets)
        {
            Interlocked.Add(ref _counts[bucket[0]], bucket[1]);
        }

        AtomicMax.Raise(ref _maxMicroseconds, maxMicroseconds);
    }

    public Percentiles Summarize()
    {
        long total = 0;
        foreach (var count in _counts)
        {
            total += count;
        }

        if (total == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double At(double p)
        {
            var rank = (long)Math.Ceiling(p * total);
            long seen = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                seen += _counts[i];
                if (seen >= rank)
                {
                    return i < FineBuckets ? (i + 1) * 0.01 : i < _counts.Length - 1 ? 1000 + (i - FineBuckets + 1) : 60_000;
                }
            }

            return double.NaN;
        }

        var max = Volatile.Read(ref _maxMicroseconds) / 1000.0;
        return new Percentiles((int)Math.Min(total, int.MaxValue), At(0.50), At(0.90), At(0.99), max);
    }
}
