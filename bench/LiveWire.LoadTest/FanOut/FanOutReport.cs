using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.FanOut;

/// <summary>
/// Every run, the median of each figure per target, and LiveWire's medians as ratios to each reference's, plus the
/// ratio of each repeat's pair (LiveWire's run and the reference's run that followed it).
/// </summary>
internal sealed record FanOutReport(
    string Label,
    object Settings,
    MachineInfo Machine,
    IReadOnlyList<RunResult> Runs,
    IReadOnlyDictionary<string, Figures> Medians,
    IReadOnlyDictionary<string, Ratios> Ratios)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>With <c>--rates</c>: each target's capacity, the headline figure of a stepped scenario.</summary>
    public IReadOnlyDictionary<string, Capacity>? Capacities { get; init; }

    /// <summary>
    /// True when every run lost, repeated and invented nothing and kept every reader; when stepping, the step that
    /// ended a target's search is past its capacity, and what it had not delivered by the end of the drain is late,
    /// not lost, but it too must repeat and invent nothing.
    /// </summary>
    public bool Clean => Runs.All(r => r.Clean
        || Capacities is not null && r.Repeated == 0 && r.Unexpected == 0 && !FanOutScenario.Holds(r, Capacities[r.Target].P99LimitMs));

    public static FanOutReport Of(FanOutSettings settings, MachineInfo machine, IReadOnlyList<RunResult> runs)
    {
        // Stepping runs each target at several rates: figures are then kept, and compared, per target and rate.
        string Key(RunResult run) => settings.Stepping ? $"{run.Target}@{run.Rate}" : run.Target;
        var medians = runs.GroupBy(Key).ToDictionary(g => g.Key, g => Figures.MedianOf(g.ToList()));
        var ratios = new Dictionary<string, Ratios>();
        foreach (var livewire in runs.Where(r => r.Target == "livewire").GroupBy(Key))
        {
            var rate = livewire.First().Rate;
            foreach (var reference in runs.Where(r => r.Target != "livewire" && r.Rate == rate).GroupBy(Key))
            {
                var pairs = livewire.Join(reference, r => r.Repeat, r => r.Repeat, (l, r) => Measuring.Ratios.Of(Figures.Of(l), Figures.Of(r))).ToList();
                ratios[$"{livewire.Key}/{reference.Key}"] = Measuring.Ratios.Of(medians[livewire.Key], medians[reference.Key]) with { Pairs = pairs };
            }
        }

        var capacities = settings.Stepping
            ? runs.GroupBy(r => r.Target).ToDictionary(g => g.Key, g => Capacity.Of(g, settings.P99LimitMs))
            : null;
        var shown = new
        {
            settings.Readers,
            settings.Topics,
            settings.Shares,
            settings.Rate,
            settings.Rates,
            settings.P99LimitMs,
            settings.DurationSeconds,
            settings.WarmupSeconds,
            settings.Repeats,
            Protocol = settings.Protocol.ToString(),
            settings.Acks,
            settings.BodyBytes,
            settings.SourceAddresses,
            settings.ConnectConcurrency,
            settings.Workers,
            Targets = settings.Targets.Select(t => new { t.Name, Kind = t.Kind.ToString(), Nodes = t.Nodes.Select(n => n.ToString()), t.Pids }),
        };
        return new FanOutReport(settings.Label, shown, machine, runs, medians, ratios) { Capacities = capacities };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The medians and ratios as a table for the console.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Label}: medians of {Runs.Max(r => r.Repeat)} run(s)");
        text.AppendLine($"{"target",-16} {"deliveries/s",12} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"KiB/conn",9} {"conn/s",8} {"srv CPU%",9} {"gen CPU%",9} {"lost",6} {"repeated",8} {"msg/read",8}");
        foreach (var (target, m) in Medians)
        {
            text.AppendLine($"{target,-16} {m.DeliveriesPerSecond,12:0} {m.P50Ms,8:0.00} {m.P90Ms,8:0.00} {m.P99Ms,8:0.00} {m.MaxMs,8:0.00} {m.MemoryPerConnectionKiB,9:0.0} {m.ConnectsPerSecond,8:0} {m.ServerCpuPercent,9:0} {m.GeneratorCpuPercent,9:0} {m.Lost,6:0} {m.Repeated,8:0} {m.MessagesPerRead,8:0.0}");
        }

        foreach (var (pair, r) in Ratios)
        {
            text.AppendLine($"{pair}: deliveries/s x{r.DeliveriesPerSecond:0.00}, p50 x{r.P50Ms:0.00}, p99 x{r.P99Ms:0.00}, KiB/conn x{r.MemoryPerConnectionKiB:0.00}, server CPU x{r.ServerCpuPercent:0.00}"
                + $"; pair by pair, deliveries/s: {string.Join(' ', r.Pairs.Select(p => p.DeliveriesPerSecond.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        if (Capacities is not null)
        {
            foreach (var (target, capacity) in Capacities)
            {
                text.AppendLine($"capacity {target}: {capacity.Median:0.#} events/s (median; per repeat {string.Join(' ', capacity.PerRepeat)}; p99 under {capacity.P99LimitMs} ms)");
            }

            if (Capacities.TryGetValue("livewire", out var ours))
            {
                foreach (var (target, capacity) in Capacities.Where(c => c.Key != "livewire"))
                {
                    text.AppendLine($"capacity livewire/{target}: x{ours.Median / capacity.Median:0.00}");
                }
            }
        }

        text.AppendLine(Clean ? "lost 0, repeated 0, every reader connected and stayed" : "NOT CLEAN: events were lost or repeated, or readers failed (see the runs)");
        return text.ToString();
    }
}
