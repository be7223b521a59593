using LiveWire.Core.Delivery;

namespace LiveWire.Core.Stats;

/// <summary>
/// Latencies of the last few seconds, in <see cref="LatencyHistogram"/> buckets per second, so a node can report
/// recent percentiles for the dashboard without keeping samples.
/// </summary>
public sealed class LatencyWindow(TimeProvider timeProvider, int seconds = 10)
{
    private readonly Dictionary<long, Dictionary<int, long>> _perSecond = [];
    private readonly Dictionary<long, double> _maxPerSecond = [];

    /// <summary>Counts one latency.</summary>
    public void Record(double milliseconds)
    {
        var second = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        lock (_perSecond)
        {
            if (!_perSecond.TryGetValue(second, out var buckets))
            {
                _perSecond[second] = buckets = [];
                foreach (var old in _perSecond.Keys.Where(s => s <= second - seconds).ToArray())
                {
                    _perSecond.Remove(old);
                    _maxPerSecond.Remove(old);
                }
            }

            var bucket = LatencyHistogram.BucketOf(milliseconds);
            buckets[bucket] = buckets.GetValueOrDefault(bucket) + 1;
            _maxPerSecond[second] = Math.Max(_maxPerSecond.GetValueOrDefault(second), milliseconds);
        }
    }

    /// <summary>The window's latencies, merged across its seconds.</summary>
    public LatencySample Sample()
    {
        var since = timeProvider.GetUtcNow().ToUnixTimeSeconds() - seconds;
        lock (_perSecond)
        {
            var merged = new Dictionary<int, long>();
            var max = 0d;
            foreach (var (second, buckets) in _perSecond.Where(pair => pair.Key > since))
            {
                max = Math.Max(max, _maxPerSecond[second]);
                foreach (var (bucket, count) in buckets)
                {
                    merged[bucket] = merged.GetValueOrDefault(bucket) + count;
                }
            }

            return new LatencySample(merged, max);
        }
    }
}
