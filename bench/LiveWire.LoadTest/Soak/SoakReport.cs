using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.Soak;

/// <summary>
/// What a soak found: posts and what the store committed, what readers got (lost, raw duplicates, repeats that
/// de-duplication by seq cannot drop), how readers left, dropped and resumed, and each process's resident memory.
/// </summary>
internal sealed record SoakReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public required string Label { get; init; }
    public required object Settings { get; init; }
    public required MachineInfo Machine { get; init; }
    public required string LoadAverageAtEnd { get; init; }
    public required int Readers { get; init; }
    public required int Connected { get; init; }
    public required int LiveAtEnd { get; init; }
    public required int Posted { get; init; }
    public required int PostFailures { get; init; }
    public required long Accepted { get; init; }
    public required IReadOnlyList<TimelineAudit> Timelines { get; init; }
    public required long ExpectedDeliveries { get; init; }

    /// <summary>Distinct (reader, seq) pairs received.</summary>
    public required long Delivered { get; init; }

    /// <summary>Seqs a reader never received, summed over readers: of those committed, and of posts answered 202 but never committed.</summary>
    public required long Lost { get; init; }

    /// <summary>Events received again by a reader that already had their seq (around a resume): what de-dup by seq drops.</summary>
    public required long RawDuplicates { get; init; }

    /// <summary>A development committed under two seqs, once per reader of its topic: what de-dup by seq cannot drop.</summary>
    public required long RepeatedAfterDedup { get; init; }
    public required long Unexpected { get; init; }
    public required int Churned { get; init; }
    public required long Left { get; init; }
    public required long Dropped { get; init; }
    public required long Resumed { get; init; }
    public required long ReconnectFailures { get; init; }
    public required long Resets { get; init; }
    public required int GaveUp { get; init; }

    /// <summary>Connected readers on each node at the end, in the order of <c>--livewire</c>: a node's RSS follows its readers.</summary>
    public required IReadOnlyList<int> ReadersPerNodeAtEnd { get; init; }

    /// <summary>From the post's send to arrival, every delivery: replays after a resume count with their time away.</summary>
    public required Percentiles LatencyMs { get; init; }
    public required IReadOnlyList<RssRow> Rss { get; init; }

    /// <summary>Every RSS sample of every process instance, every <c>--rss-every-s</c>.</summary>
    public required IReadOnlyList<RssSeries> RssSeries { get; init; }
    public required double RssWarmupSeconds { get; init; }
    public required double RssWindowSeconds { get; init; }
    public required double RssTolerancePercent { get; init; }
    public required IReadOnlyList<SoakSample> Progress { get; init; }

    /// <summary>Committed changes missing or twice, accepted posts not committed, readers that lost an event or never came back.</summary>
    public bool Clean => Lost == 0 && RepeatedAfterDedup == 0 && Unexpected == 0 && Resets == 0 && GaveUp == 0 && LiveAtEnd == Readers
        && Connected == Readers && Timelines.All(t => t.Gaps == 0 && t.Reset == 0) && NotCommitted == 0;

    /// <summary>Posts answered 202 beyond what the store holds (0 unless an accepted change was dropped).</summary>
    public long NotCommitted => Math.Max(0, Accepted - Timelines.Sum(t => t.LatestSeq));

    /// <summary>Every steady stretch of every process instance, judged after its warm-up, stayed within the tolerance.</summary>
    public bool RssFlat => Rss.All(r => !r.Flagged);

    public static object Shown(SoakSettings s) => new
    {
        s.Readers,
        s.Topics,
        s.Rate,
        s.DurationSeconds,
        ChurnEverySeconds = s.ChurnEvery.TotalSeconds,
        s.ChurnShare,
        AwayMaxSeconds = s.AwayMax.TotalSeconds,
        RssEverySeconds = s.RssEvery.TotalSeconds,
        AuditEverySeconds = s.AuditEvery.TotalSeconds,
        Protocol = s.Protocol.ToString(),
        s.Acks,
        s.Workers,
        s.BodyBytes,
        Nodes = s.Target.Nodes.Select(n => n.ToString()),
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string Percent(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%";

    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"{Label}: {Readers} readers, {Timelines.Count} topic(s), {Posted} posts ({PostFailures} failed, {Accepted} accepted); {Machine.Cores} cores, load {Machine.LoadAverage} at the start, {LoadAverageAtEnd} at the end");
        foreach (var t in Timelines)
        {
            text.AppendLine(c, $"  {t.Topic}: committed seq 1-{t.LatestSeq}, {t.Events} events read back, gaps {t.Gaps}, reset {t.Reset}, developments committed twice {t.TwicePublished}");
        }

        text.AppendLine(c, $"deliveries: expected {ExpectedDeliveries}, delivered {Delivered} distinct; lost {Lost}, raw duplicates delivered {RawDuplicates} (dropped by de-dup), repeated after de-dup {RepeatedAfterDedup}, unexpected {Unexpected}, accepted but not committed {NotCommitted}");
        text.AppendLine(c, $"readers: connected {Connected}, at the end {LiveAtEnd}; left on purpose {Left} ({Churned} churned), dropped by a node {Dropped}, resumed {Resumed} (reset {Resets}), failed connect attempts {ReconnectFailures}, gave up {GaveUp}");
        text.AppendLine(c, $"readers per node at the end (in --livewire order): {string.Join(", ", ReadersPerNodeAtEnd)}");
        text.AppendLine(c, $"latency from the post's send to arrival, ms (replays included): {LatencyMs}");
        text.AppendLine(c, $"RSS, MiB, per steady stretch (seconds from the first post; a stretch ends where a process went away; warm: the {RssWindowSeconds:0} s from {RssWarmupSeconds:0} s into the stretch, end: its last {RssWindowSeconds:0} s; floor = a window's lowest sample, judged; median beside; step = this warm floor against the stretch before's end floor; flagged beyond ±{RssTolerancePercent:0} %):");
        text.AppendLine(c, $"  {"process",-16} {"pid",8} {"from s",7} {"to s",7} {"warm at",8} {"floor",8} {"floor",8} {"change",8} {"median",8} {"median",8} {"change",8} {"max",8} {"step",8}");
        foreach (var r in Rss)
        {
            text.AppendLine(c, $"  {r.Name,-16} {r.Pid,8} {r.FromSeconds,7:0} {r.ToSeconds,7:0} {(double.IsNaN(r.WarmSeconds) ? "-" : r.WarmSeconds.ToString("0", c)),8} {r.WarmMiB,8:0.0} {r.EndMiB,8:0.0} {Percent(r.ChangePercent),8} {r.WarmMedianMiB,8:0.0} {r.EndMedianMiB,8:0.0} {Percent(r.MedianChangePercent),8} {r.MaxMiB,8:0.0} {Percent(r.StepPercent),8}{(r.Flagged ? "  FLAGGED" : "")}{(r.Gone ? "  GONE before the end" : "")}");
        }

        text.AppendLine(Clean ? "CLEAN: every reader holds every committed seq once, the store holds every accepted post once, gap-free"
            : "NOT CLEAN: see lost, repeated after de-dup, unexpected, resets, gave up, readers at the end and the timelines above");
        text.AppendLine(RssFlat ? $"RSS flat within ±{RssTolerancePercent:0} % after warm-up" : $"RSS MOVED beyond ±{RssTolerancePercent:0} % after warm-up (FLAGGED above)");
        return text.ToString();
    }
}
