using LiveWire.LoadTest.FanOut;

namespace LiveWire.LoadTest.Measuring;

/// <summary>The figures compared across targets, from one run or as medians over several.</summary>
internal sealed record Figures(
    double DeliveriesPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MemoryPerConnectionKiB,
    double ConnectsPerSecond,
    double ServerCpuPercent,
    double GeneratorCpuPercent,
    double MachineBusyPercent,
    double Lost,
    double Repeated,
    double MessagesPerRead)
{
    public static Figures Of(RunResult run) => new(
        run.DeliveriesPerSecond, run.LatencyMs.P50, run.LatencyMs.P90, run.LatencyMs.P99, run.LatencyMs.Max,
        run.MemoryPerConnectionKiB, run.ConnectsPerSecond, run.ServerCpuPercent, run.GeneratorCpuPercent, run.MachineBusyPercent,
        run.Lost, run.Repeated, run.MessagesPerRead);

    /// <summary>The median of the values that are numbers; NaN when none is.</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static Figures MedianOf(IReadOnlyList<RunResult> runs)
    {
        var figures = runs.Select(Of).ToList();
        double Median(Func<Figures, double> pick) => MedianOf(figures.Select(pick));

        return new Figures(
            Median(f => f.DeliveriesPerSecond), Median(f => f.P50Ms), Median(f => f.P90Ms), Median(f => f.P99Ms), Median(f => f.MaxMs),
            Median(f => f.MemoryPerConnectionKiB), Median(f => f.ConnectsPerSecond), Median(f => f.ServerCpuPercent),
            Median(f => f.GeneratorCpuPercent), Median(f => f.MachineBusyPercent), Median(f => f.Lost), Median(f => f.Repeated),
            Median(f => f.MessagesPerRead));
    }
}
