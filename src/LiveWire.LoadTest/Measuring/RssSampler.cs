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

            lock (_lock)
            {
                if (!_series.TryGetValue(process, out var series))
                {
                    _series[process] = series = [];
                }

                series.Add((now, bytes));
            }
        }
    }

    /// <summary>
    /// One row per process instance: its RSS at the first sample <paramref name="warmup"/> after it was first seen,
    /// at its last sample, its highest, and the change from the first to the second in %, flagged beyond
    /// <paramref name="tolerancePercent"/>; an instance that did not live past its warm-up has no change.
    /// </summary>
    public IReadOnlyList<RssRow> Rows(TimeSpan warmup, double tolerancePercent)
    {
        lock (_lock)
        {
            return _series.Select(entry =>
            {
                var samples = entry.Value;
                var first = samples[0].Seconds;
                var end = samples[^1];
                var warmIndex = samples.FindIndex(s => s.Seconds >= first + warmup.TotalSeconds);
                var warmed = warmIndex >= 0 && warmIndex < samples.Count - 1;
                var warm = warmed ? samples[warmIndex] : default;
                var change = warmed ? (end.Bytes - warm.Bytes) / warm.Bytes * 100 : double.NaN;
                return new RssRow(
                    entry.Key.Name,
                    entry.Key.Pid,
                    first,
                    end.Seconds,
                    samples.Count,
                    warmed ? warm.Seconds : double.NaN,
                    warmed ? Mib(warm.Bytes) : double.NaN,
                    Mib(end.Bytes),
                    Mib(samples.Max(s => s.Bytes)),
                    change,
                    Math.Abs(change) > tolerancePercent,
                    end.Seconds < _lastSample);
            }).OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.FirstSeconds).ToArray();
        }
    }

    private static double Mib(double bytes) => bytes / (1024 * 1024);
}
