using LiveWire.LoadTest.Soak;
using LiveWire.Testing;

namespace LiveWire.LoadTest.Tests;

/// <summary>
/// The CI smoke run of the soak scenario: a few readers for a few seconds against LiveWire on its embedded
/// defaults, a fifth of them leaving and resuming every two seconds. It checks the scenario works (readers resume
/// from their last seq and lose nothing, the history reads back whole, every process is sampled); the real soak
/// (scripts/soak.sh) runs for minutes on the scale-out layout, by hand.
/// </summary>
public sealed class SoakSmokeTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);
    private LiveWireCluster _livewire = null!;

    public async Task InitializeAsync() => _livewire = await LiveWireCluster.StartEmbeddedAsync();

    public async Task DisposeAsync() => await _livewire.DisposeAsync();

    [Fact]
    public async Task Readers_that_leave_and_resume_end_with_every_event_once()
    {
        var settings = SoakSettings.From(new()
        {
            ["livewire"] = _livewire.Servers[0].Url.ToString(),
            ["signing-key"] = LiveWireCluster.SigningKey,
            ["issuer"] = LiveWireCluster.Issuer,
            ["audience"] = LiveWireCluster.Audience,
            ["readers"] = "30",
            ["topics"] = "2",
            ["rate"] = "10",
            ["duration-s"] = "7",
            ["churn-every-s"] = "2",
            ["churn-percent"] = "20",
            ["away-max-s"] = "1",
            ["rss-every-s"] = "1",
            ["rss-warmup-s"] = "2",
            ["workers"] = "1",
            ["drain-s"] = "30",
        });

        var report = await SoakScenario.RunAsync(settings, TextWriter.Null, CancellationToken.None).Within(RunTimeout, "the soak smoke run");

        Assert.Equal(30, report.Connected);
        Assert.Equal(30, report.LiveAtEnd);
        Assert.Equal(30, Assert.Single(report.ReadersPerNodeAtEnd));
        Assert.Equal(70, report.Accepted);
        Assert.All(report.Timelines, t => Assert.Equal(35, t.LatestSeq));
        Assert.Equal(30 * 35, report.ExpectedDeliveries);
        Assert.Equal(report.ExpectedDeliveries, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.RepeatedAfterDedup);
        Assert.True(report.Left >= 6, $"only {report.Left} readers left");
        Assert.Equal(report.Left, report.Resumed);
        Assert.Equal(0, report.Resets);
        Assert.Contains(report.Rss, r => r.Name == "tool");
        Assert.Contains(report.Rss, r => r.Name == "reader-worker-1");
        Assert.True(report.Clean, report.ToTable());
    }
}
