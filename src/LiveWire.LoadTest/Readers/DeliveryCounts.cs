namespace LiveWire.LoadTest.Readers;

/// <summary>A reader group's running totals, read often while a run waits for its deliveries.</summary>
internal readonly record struct DeliveryCounts(long Deliveries, long Measured, long Repeated, long LastMeasuredAt)
{
    public static DeliveryCounts Sum(IEnumerable<DeliveryCounts> counts) => counts.Aggregate(default(DeliveryCounts), (a, b) =>
        new DeliveryCounts(a.Deliveries + b.Deliveries, a.Measured + b.Measured, a.Repeated + b.Repeated, Math.Max(a.LastMeasuredAt, b.LastMeasuredAt)));
}
