using LiveWire.LoadTest.FanOut;
using LiveWire.LoadTest.Readers;

namespace LiveWire.LoadTest.Soak;

/// <summary>The soak scenario's settings, from the command line (see <see cref="LoadTestCommand"/>).</summary>
internal sealed record SoakSettings(
    string Label,
    Target Target,
    string SigningKey,
    int Readers,
    int Topics,
    double Rate,
    int DurationSeconds,
    TimeSpan ChurnEvery,
    double ChurnShare,
    TimeSpan AwayMax,
    TimeSpan RssEvery,
    TimeSpan RssWarmup,
    TimeSpan RssWindow,
    double RssTolerancePercent,
    string? ProcessesFile,
    string? StartedFile,
    WireProtocol Protocol,
    bool Acks,
    int ConnectConcurrency,
    int Workers,
    int SourceAddresses,
    int BodyBytes,
    TimeSpan Drain,
    TimeSpan Timeout,
    TimeSpan AuditEvery,
    string? Out)
{
    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>Events posted in all: seqs 1 to about this over the topics.</summary>
    public int Posts => Math.Max(1, (int)Math.Round(Rate * DurationSeconds));

    public static SoakSettings From(Dictionary<string, string> options)
    {
        var target = Target.Parse("livewire", TargetKind.LiveWire, options.Require("livewire"), null);
        var readers = Math.Max(1, options.Int("readers", 10_000, FanOutSettings.MaxReaders));
        var workers = options.Int("workers", Math.Max(2, (readers + FanOutSettings.ReadersPerProcess - 1) / FanOutSettings.ReadersPerProcess), 64);
        var churnPercent = options.Int("churn-percent", 5, 100);
        return new SoakSettings(
            options.GetValueOrDefault("label", "soak"),
            target,
            options.Require("signing-key"),
            readers,
            Math.Max(1, options.Int("topics", 1, 100)),
            Math.Max(0.01, options.Double("rate", 2, 1_000)),
            Math.Max(1, options.Int("duration-s", 600, 86_400)),
            TimeSpan.FromSeconds(Math.Max(1, options.Int("churn-every-s", 60, 3_600))),
            churnPercent / 100.0,
            TimeSpan.FromSeconds(options.Int("away-max-s", 10, 600)),
            TimeSpan.FromSeconds(Math.Max(1, options.Int("rss-every-s", 10, 600))),
            TimeSpan.FromSeconds(options.Int("rss-warmup-s", 120, 86_400)),
            TimeSpan.FromSeconds(Math.Max(1, options.Int("rss-window-s", 60, 3_600))),
            options.Int("rss-tolerance-percent", 10, 1_000),
            options.GetValueOrDefault("processes"),
            options.GetValueOrDefault("started-file"),
            options.Protocol(),
            options.OnOff("acks"),
            Math.Max(1, options.Int("connect-concurrency", 100, 5_000)),
            Math.Max(1, workers),
            Math.Max(1, options.Int("source-addresses", 2, 200)),
            options.Int("body-bytes", 400, 16_000),
            TimeSpan.FromSeconds(options.Int("drain-s", 180, 3_600)),
            TimeSpan.FromSeconds(options.Int("timeout-s", 7_200, 86_400)),
            TimeSpan.FromSeconds(Math.Max(1, options.Int("audit-every-s", 30, 3_600))),
            options.GetValueOrDefault("out"))
        {
            Issuer = options.GetValueOrDefault("issuer"),
            Audience = options.GetValueOrDefault("audience"),
        };
    }
}
