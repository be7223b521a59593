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

    /// <summary>True when every run lost, repeated and invented nothing and kept every reader.</summary>
    public bool Clean => Runs.All(r => r.Clean);

    public static FanOutReport Of(FanOutSettings settings, MachineInfo machine, IReadOnlyList<RunResult> runs)
    {
        var medians = runs.GroupBy(r => r.Target).ToDictionary(g => g.Key, g => Figures.MedianOf(g.ToList()));
        var ratios = new Dictionary<string, Ratios>();
        if (medians.TryGetValue("livewire", out var livewire))
        {
            foreach (var reference in medians.Keys.Where(k => k != "livewire"))
            {
                var pairs = runs.Where(r => r.Target == "livewire")
                    .Join(runs.Where(r => r.Target == reference), r => r.Repeat, r => r.Repeat, (l, r) => Measuring.Ratios.Of(Figures.Of(l), Figures.Of(r)))
                    .ToList();
                ratios[$"livewire/{reference}"] = Measuring.Ratios.Of(livewire, medians[reference]) with { Pairs = pairs };
            }
        }

        var shown = new
        {
            settings.Readers,
            settings.Topics,
            settings.Shares,
            settings.Rate,
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
        return new FanOutReport(settings.Label, shown, machine, runs, medians, ratios);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The medians and ratios as a table for the console.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Label}: medians of {Runs.Count / Math.Max(1, Medians.Count)} run(s)");
        text.AppendLine($"{"target",-10} {"deliveries/s",12} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"KiB/conn",9} {"conn/s",8} {"srv CPU%",9} {"gen CPU%",9} {"lost",6} {"repeated",8} {"msg/read",8}");
        foreach (var (target, m) in Medians)
        {
            text.AppendLine($"{target,-10} {m.DeliveriesPerSecond,12:0} {m.P50Ms,8:0.00} {m.P90Ms,8:0.00} {m.P99Ms,8:0.00} {m.MaxMs,8:0.00} {m.MemoryPerConnectionKiB,9:0.0} {m.ConnectsPerSecond,8:0} {m.ServerCpuPercent,9:0} {m.GeneratorCpuPercent,9:0} {m.Lost,6:0} {m.Repeated,8:0} {m.MessagesPerRead,8:0.0}");
        }

        foreach (var (pair, r) in Ratios)
        {
            text.AppendLine($"{pair}: deliveries/s x{r.DeliveriesPerSecond:0.00}, p50 x{r.P50Ms:0.00}, p99 x{r.P99Ms:0.00}, KiB/conn x{r.MemoryPerConnectionKiB:0.00}, server CPU x{r.ServerCpuPercent:0.00}"
                + $"; pair by pair, deliveries/s: {string.Join(' ', r.Pairs.Select(p => p.DeliveriesPerSecond.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        text.AppendLine(Clean ? "lost 0, repeated 0, every reader connected and stayed" : "NOT CLEAN: events were lost or repeated, or readers failed (see the runs)");
        return text.ToString();
    }
}
