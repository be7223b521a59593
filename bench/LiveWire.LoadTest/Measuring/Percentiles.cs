namespace LiveWire.LoadTest.Measuring;

/// <summary>Latency percentiles over a sample, in milliseconds (nearest-rank).</summary>
internal sealed record Percentiles(int Count, double P50, double P90, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.90), Rank(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    public override string ToString() =>
        $"n={Count} p50={P50:0.00} ms p90={P90:0.00} ms p99={P99:0.00} ms max={Max:0.00} ms";
}
