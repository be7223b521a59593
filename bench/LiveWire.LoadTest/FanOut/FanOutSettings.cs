using System.Globalization;
using LiveWire.LoadTest.Readers;

namespace LiveWire.LoadTest.FanOut;

/// <summary>The fan-out scenario's settings, from the command line (see <see cref="LoadTestCommand"/>).</summary>
internal sealed record FanOutSettings(
    string Label,
    IReadOnlyList<Target> Targets,
    string? SigningKey,
    int Readers,
    int Topics,
    IReadOnlyList<double> Shares,
    double Rate,
    IReadOnlyList<double>? Rates,
    double P99LimitMs,
    int DurationSeconds,
    int WarmupSeconds,
    int Repeats,
    WireProtocol Protocol,
    bool Acks,
    int ConnectConcurrency,
    int Workers,
    int SourceAddresses,
    int BodyBytes,
    TimeSpan Drain,
    TimeSpan Settle,
    TimeSpan Timeout,
    string? Out)
{
    /// <summary>Readers the tool takes, over its worker processes (each holds at most <see cref="ReadersPerProcess"/> by default).</summary>
    public const int MaxReaders = 200_000;

    /// <summary>Readers one process holds at most by default: it may have 20,000 open files.</summary>
    public const int ReadersPerProcess = 15_000;

    public static FanOutSettings From(Dictionary<string, string> options)
    {
        var targets = new List<Target>();
        foreach (var (name, kind) in new[]
        {
            ("livewire", TargetKind.LiveWire), ("bare", TargetKind.BareSignalR), ("raw", TargetKind.RawWebSocket),
            ("raw-batched", TargetKind.RawWebSocketBatched),
        })
        {
            if (options.TryGetValue(name, out var urls))
            {
                targets.Add(Target.Parse(name, kind, urls, options.GetValueOrDefault(name + "-pids")));
            }
        }

        if (targets.Count == 0)
        {
            throw new ArgumentException("Name at least one target: --livewire, --bare, --raw or --raw-batched.");
        }

        var signingKey = options.GetValueOrDefault("signing-key");
        if (targets.Any(t => t.Kind == TargetKind.LiveWire) && signingKey is null)
        {
            throw new ArgumentException("--signing-key is required to post to LiveWire.");
        }

        var readers = options.Int("readers", 1000, MaxReaders);
        var topics = Math.Max(1, options.Int("topics", 1, 10_000));
        var shares = ParseShares(options.GetValueOrDefault("shares"), topics);
        var rates = ParseRates(options.GetValueOrDefault("rates"));
        return new FanOutSettings(
            options.GetValueOrDefault("label", "fanout"),
            targets,
            signingKey,
            readers,
            topics,
            shares,
            rates?[0] ?? options.Double("rate", 10, 10_000),
            rates,
            options.Int("p99-limit-ms", 1000, 60_000),
            Math.Max(1, options.Int("duration-s", 10, 600)),
            options.Int("warmup-s", 2, 60),
            Math.Max(1, options.Int("repeats", 3, 20)),
            options.Protocol(),
            options.OnOff("acks"),
            Math.Max(1, options.Int("connect-concurrency", 100, 5_000)),
            options.Int("workers", readers > ReadersPerProcess ? (readers + ReadersPerProcess - 1) / ReadersPerProcess : 0, 64),
            Math.Max(1, options.Int("source-addresses", Math.Max(2, readers / 20_000 + 1), 200)),
            options.Int("body-bytes", 400, 16_000),
            TimeSpan.FromSeconds(options.Int("drain-s", 30, 600)),
            TimeSpan.FromSeconds(options.Int("settle-s", 2, 60)),
            TimeSpan.FromSeconds(options.Int("timeout-s", 1800, 7200)),
            options.GetValueOrDefault("out"))
        {
            Issuer = options.GetValueOrDefault("issuer"),
            Audience = options.GetValueOrDefault("audience"),
            Observed = ParseObserved(options.GetValueOrDefault("observe")),
        };
    }

    /// <summary>Other processes whose CPU and memory are reported beside the servers' (<c>--observe name=pid,…</c>).</summary>
    public IReadOnlyDictionary<string, int> Observed { get; init; } = new Dictionary<string, int>();

    /// <summary>The issuer LiveWire requires of newsroom tokens (<c>LiveWire:Auth:Issuer</c>), if any.</summary>
    public string? Issuer { get; init; }

    /// <summary>The audience LiveWire requires of newsroom tokens (<c>LiveWire:Auth:Audience</c>), if any.</summary>
    public string? Audience { get; init; }

    /// <summary>True when the settings step the rate to find each target's capacity (<c>--rates</c>).</summary>
    public bool Stepping => Rates is not null;

    private static Dictionary<string, int> ParseObserved(string? observe) =>
        (observe ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair => pair.Split('=')).ToDictionary(
            pair => pair.Length == 2 ? pair[0] : throw new ArgumentException("--observe takes name=pid pairs, e.g. redis=1234,rabbitmq=5678."),
            pair => int.TryParse(pair[1], CultureInfo.InvariantCulture, out var pid) ? pid : throw new ArgumentException($"--observe: '{pair[1]}' is not a process id."));

    private static double[]? ParseRates(string? rates)
    {
        if (rates is null)
        {
            return null;
        }

        var steps = rates.Split(',').Select(r => double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is > 0 and <= 10_000 ? rate
            : throw new ArgumentException("--rates takes rising events/s above 0 and up to 10000, e.g. 1,5,10,20.")).ToArray();
        return steps.Zip(steps.Skip(1)).All(pair => pair.First < pair.Second) ? steps
            : throw new ArgumentException("--rates must rise: each step above the one before.");
    }

    private static double[] ParseShares(string? shares, int topics)
    {
        if (shares is null)
        {
            return Enumerable.Repeat(1.0 / topics, topics).ToArray();
        }

        var weights = shares.Split(',').Select(s => double.TryParse(s, CultureInfo.InvariantCulture, out var w) && w > 0 ? w
            : throw new ArgumentException("--shares takes positive numbers, one per topic.")).ToArray();
        if (weights.Length != topics)
        {
            throw new ArgumentException($"--shares names {weights.Length} weights for {topics} topics.");
        }

        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }

    /// <summary>Which topic each reader subscribes to, following <see cref="Shares"/> (largest remainder).</summary>
    public int[] TopicOfEachReader()
    {
        var counts = Shares.Select(s => (int)Math.Floor(s * Readers)).ToArray();
        var remainders = Shares.Select((s, i) => (Remainder: s * Readers - counts[i], Topic: i)).OrderByDescending(r => r.Remainder).ToArray();
        for (var i = 0; counts.Sum() < Readers; i++)
        {
            counts[remainders[i % remainders.Length].Topic]++;
        }

        return counts.SelectMany((count, topic) => Enumerable.Repeat(topic, count)).ToArray();
    }
}
