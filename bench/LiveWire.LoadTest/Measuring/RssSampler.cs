using System.Diagnostics;

namespace LiveWire.LoadTest.Measuring;

/// <summary>
/// Samples the resident memory of named processes at a steady interval. The names and process ids come from a
/// callback read at every sample, so a process started again under the same name (a Server restarted after a kill)
/// is followed as a new instance from its first sample on.
/// </summary>
internal sealed class RssSampler(Func<IReadOnlyList<(string Name, int Pid)>> processes)
{
    private readonly Dictionary<(string Name, int Pid), List<(double Seconds, double Bytes)>> _series = [];
    private readonly Lock _lock = new();
    private readonly long _started = Stopwatch.GetTimestamp();
    private double _lastSample;

    /// <summary>Seconds since the sampler was made: the clock of every sample.</summary>
    public double Seconds => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Samples now, then every <paramref name="every"/> until <paramref name="cancellationToken"/> is cancelled, then once more.</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        Sample();
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }

        Sample();
    }

    public void Sample()
    {
        var now = Seconds;
        lock (_lock)
        {
            _lastSample = now;
        }

        foreach (var process in processes())
        {
            var bytes = ProcessProbe.RssBytes(process.Pid);
            if (double.IsNaN(bytes))
            {
                continue;
            }

            Record(process.Name, process.Pid, now, bytes);
        }
    }

    /// <summary>Adds one sample of a process instance, as <see cref="Sample"/> does; tests give theirs directly.</summary>
    public void Record(string name, int pid, double seconds, double bytes)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue((name, pid), out var series))
            {
                _series[(name, pid)] = series = [];
            }

            series.Add((seconds, bytes));
            _lastSample = Math.Max(_lastSample, seconds);
        }
    }

    /// <summary>Every sample of every process instance, in MiB: what the rows judge, to plot or judge otherwise.</summary>
    public IReadOnlyList<RssSeries> Series()
    {
        lock (_lock)
        {
            return [.. _series.Select(pair => new RssSeries(
                pair.Key.Name, pair.Key.Pid, [.. pair.Value.Select(s => new[] { Math.Round(s.Seconds, 1), Math.Round(s.Bytes / (1 << 20), 1) })]))];
        }
    }

    /// <summary>
    /// One row per steady stretch of each process instance. A stretch ends where an instance went away (a kill): its
    /// readers move to the others, whose memory steps up with them, so memory is compared only within a stretch. In
    /// each, the warm window is the <paramref name="window"/> that begins <paramref name="warmup"/> after the stretch
    /// began, the end window its last; a change of the floor (the lowest sample of a window) beyond
    /// <paramref name="tolerancePercent"/> either way is flagged. The floor, because a server's memory is a saw: it
    /// climbs with garbage the GC has not yet collected and falls when it does, by a fifth within a minute, so what a
    /// process keeps shows where the saw comes down. The medians are shown beside. A stretch too short for two windows
    /// after its warm-up is shown but not judged.
    /// </summary>
    public IReadOnlyList<RssRow> Rows(TimeSpan warmup, TimeSpan window, double tolerancePercent)
    {
        lock (_lock)
        {
            var ends = _series.Values.Select(s => s[^1].Seconds).Where(last => last < _lastSample).Distinct().Order().ToArray();
            var rows = new List<RssRow>();
            foreach (var ((name, pid), samples) in _series)
            {
                var first = samples[0].Seconds;
                var last = samples[^1].Seconds;
                var cuts = ends.Where(e => e > first && e < last).Prepend(first).Append(last).ToArray();
                var previousEnd = double.NaN;
                for (var i = 0; i < cuts.Length - 1; i++)
                {
                    var (from, to) = (cuts[i], cuts[i + 1]);
                    var warmAt = from + warmup.TotalSeconds;
                    var stretch = samples.Where(s => s.Seconds >= from && s.Seconds <= to).ToArray();
                    var warmWindow = stretch.Where(s => s.Seconds >= warmAt && s.Seconds <= warmAt + window.TotalSeconds).ToArray();
                    var endWindow = stretch.Where(s => s.Seconds >= to - window.TotalSeconds).ToArray();
                    var judged = warmAt + window.TotalSeconds <= to - window.TotalSeconds && warmWindow.Length > 0;
                    var warm = judged ? warmWindow.Min(s => s.Bytes) : double.NaN;
                    var end = endWindow.Length > 0 ? endWindow.Min(s => s.Bytes) : double.NaN;
                    var change = judged ? (end - warm) / warm * 100 : double.NaN;
                    var warmMedian = judged ? Median(warmWindow) : double.NaN;
                    var endMedian = Median(endWindow);
                    var medianChange = judged ? (endMedian - warmMedian) / warmMedian * 100 : double.NaN;
                    var step = double.IsNaN(previousEnd) || !judged ? double.NaN : (warm - previousEnd) / previousEnd * 100;
                    var afterWarmup = stretch.Where(s => s.Seconds >= warmAt).ToArray();
                    rows.Add(new RssRow(
                        name,
                        pid,
                        i + 1,
                        from,
                        to,
                        stretch.Length,
                        judged ? warmAt : double.NaN,
                        Mib(warm),
                        Mib(end),
                        Mib(warmMedian),
                        Mib(endMedian),
                        Mib(afterWarmup.Length > 0 ? afterWarmup.Max(s => s.Bytes) : double.NaN),
                        change,
                        medianChange,
                        step,
                        Math.Abs(change) > tolerancePercent,
                        i == cuts.Length - 2 && last < _lastSample));
                    previousEnd = end;
                }
            }

            return rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.FromSeconds).ToArray();
        }
    }

    private static double Median(IReadOnlyList<(double Seconds, double Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Bytes).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Mib(double bytes) => bytes / (1024 * 1024);
}
