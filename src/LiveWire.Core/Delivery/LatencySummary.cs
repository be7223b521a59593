namespace LiveWire.Core.Delivery;

/// <summary>Delivery latency percentiles, in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double Max);
