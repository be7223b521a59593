namespace LiveWire.LoadTest.Measuring;

/// <summary>LiveWire's figures divided by a reference's: above 1 is more deliveries, or more latency, memory or CPU.</summary>
internal sealed record Ratios(double DeliveriesPerSecond, double P50Ms, double P99Ms, double MemoryPerConnectionKiB, double ServerCpuPercent)
{
    /// <summary>The same ratios for each repeat's pair of runs.</summary>
    public IReadOnlyList<Ratios> Pairs { get; init; } = [];

    public static Ratios Of(Figures livewire, Figures reference) => new(
        livewire.DeliveriesPerSecond / reference.DeliveriesPerSecond,
        livewire.P50Ms / reference.P50Ms,
        livewire.P99Ms / reference.P99Ms,
        livewire.MemoryPerConnectionKiB / reference.MemoryPerConnectionKiB,
        livewire.ServerCpuPercent / reference.ServerCpuPercent);
}
