namespace LiveWire.LoadTest.Readers;

/// <summary>
/// A reader group's running totals, read often while a run waits for its deliveries: distinct deliveries, measured
/// ones, raw repeats, the latest measured delivery's time, and (for readers that resume) how many are connected now,
/// connections the server side ended, and resumes.
/// </summary>
internal readonly record struct DeliveryCounts(long Deliveries, long Measured, long Repeated, long LastMeasuredAt, int Live = 0, long Dropped = 0, long Resumed = 0)
{
    public static DeliveryCounts Sum(IEnumerable<DeliveryCounts> counts) => counts.Aggregate(default(DeliveryCounts), (a, b) =>
        new DeliveryCounts(
            a.Deliveries + b.Deliveries,
            a.Measured + b.Measured,
            a.Repeated + b.Repeated,
            Math.Max(a.LastMeasuredAt, b.LastMeasuredAt),
            a.Live + b.Live,
            a.Dropped + b.Dropped,
            a.Resumed + b.Resumed));
}
