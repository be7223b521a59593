using LiveWire.LoadTest.FanOut;

namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// A target's capacity: per repeat, the highest offered rate (events/s) whose run held (every delivery once, p99
/// under the limit), 0 when even the first step did not; and the median over the repeats.
/// </summary>
internal sealed record Capacity(IReadOnlyList<double> PerRepeat, double Median, double P99LimitMs)
{
    public static Capacity Of(IEnumerable<RunResult> runs, double p99LimitMs)
    {
        var perRepeat = runs.GroupBy(r => r.Repeat).OrderBy(g => g.Key)
            .Select(g => g.OrderBy(r => r.Rate).TakeWhile(r => FanOutScenario.Holds(r, p99LimitMs)).Select(r => r.Rate).LastOrDefault())
            .ToArray();
        return new Capacity(perRepeat, Figures.MedianOf(perRepeat), p99LimitMs);
    }
}
