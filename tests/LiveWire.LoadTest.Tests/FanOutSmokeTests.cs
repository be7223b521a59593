using System.Globalization;
using LiveWire.LoadTest.FanOut;
using LiveWire.LoadTest.References;
using LiveWire.Testing;

namespace LiveWire.LoadTest.Tests;

/// <summary>
/// The CI smoke run of the benchmark tool: a few readers for a few seconds against LiveWire on its embedded defaults
/// and both references, all in this process. It checks the tool works and nothing is lost or repeated; it asserts no
/// speed.
/// </summary>
public sealed class FanOutSmokeTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);
    private LiveWireCluster _livewire = null!;
    private ReferenceServer _bare = null!;
    private ReferenceServer _raw = null!;

    public async Task InitializeAsync()
    {
        _livewire = await LiveWireCluster.StartEmbeddedAsync();
        _bare = await ReferenceServer.StartAsync(ReferenceServers.BareSignalR);
        _raw = await ReferenceServer.StartAsync(ReferenceServers.RawWebSocket);
    }

    public async Task DisposeAsync()
    {
        await _raw.DisposeAsync();
        await _bare.DisposeAsync();
        await _livewire.DisposeAsync();
    }

    [Theory]
    [InlineData("json", "off")]
    [InlineData("messagepack", "on")]
    public async Task A_short_run_delivers_every_event_once_to_every_reader_of_each_target(string protocol, string acks)
    {
        var settings = Settings(new()
        {
            ["livewire"] = _livewire.Servers[0].Url.ToString(),
            ["bare"] = _bare.Url.ToString(),
            ["raw"] = _raw.Url.ToString(),
            ["protocol"] = protocol,
            ["acks"] = acks,
        });

        var report = await FanOutScenario.RunAsync(settings, TextWriter.Null, CancellationToken.None).Within(RunTimeout, "the smoke run");

        Assert.Equal(["livewire", "bare", "raw"], report.Runs.Select(r => r.Target));
        foreach (var run in report.Runs)
        {
            Assert.Equal(30, run.Connected);
            Assert.True(run.ExpectedDeliveries > 0, $"{run.Target}: nothing was expected");
            Assert.Equal(run.ExpectedDeliveries, run.MeasuredDeliveries);
            Assert.Equal(0, run.Lost);
            Assert.Equal(0, run.Repeated);
            Assert.Equal(0, run.Unexpected);
            Assert.Equal(0, run.ClosedByServer);
            Assert.Equal(run.MeasuredDeliveries, run.LatencyMs.Count);
        }

        Assert.True(report.Clean);
        Assert.Contains("livewire/bare", report.Ratios.Keys);
        Assert.Contains("\"lost\": 0", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_spread_over_worker_processes_report_as_one()
    {
        var settings = Settings(new() { ["raw"] = _raw.Url.ToString(), ["workers"] = "2" });

        var report = await FanOutScenario.RunAsync(settings, TextWriter.Null, CancellationToken.None).Within(RunTimeout, "the run with two workers");

        var run = Assert.Single(report.Runs);
        Assert.Equal(2, run.Workers);
        Assert.Equal(30, run.Connected);
        Assert.True(run.ExpectedDeliveries > 0, "nothing was expected");
        Assert.Equal(run.ExpectedDeliveries, run.MeasuredDeliveries);
        Assert.Equal(run.MeasuredDeliveries, run.LatencyMs.Count);
        Assert.True(report.Clean);
    }

    [Fact]
    public async Task A_target_that_drops_and_repeats_events_is_caught()
    {
        await using var faulty = await ReferenceServer.StartAsync(FaultyBroadcast.Build());
        var settings = Settings(new() { ["raw"] = faulty.Url.ToString() });

        var report = await FanOutScenario.RunAsync(settings, TextWriter.Null, CancellationToken.None).Within(RunTimeout, "the run on the faulty target");

        var run = Assert.Single(report.Runs);
        Assert.True(run.Lost > 0, "the dropped events were not counted as lost");
        Assert.True(run.Repeated > 0, "the events sent twice were not counted as repeated");
        Assert.False(report.Clean);
    }

    private static FanOutSettings Settings(Dictionary<string, string> options)
    {
        options["signing-key"] = LiveWireCluster.SigningKey;
        options["issuer"] = LiveWireCluster.Issuer;
        options["audience"] = LiveWireCluster.Audience;
        options["readers"] = "30";
        options["topics"] = "3";
        options["shares"] = "3,2,1";
        options["rate"] = "30";
        options["duration-s"] = "2";
        options["warmup-s"] = "1";
        options["repeats"] = "1";
        options["settle-s"] = "0";
        options["drain-s"] = "15";
        options["livewire-pids"] = options["bare-pids"] = options["raw-pids"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return FanOutSettings.From(options);
    }
}
