using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// RabbitMQ stops for 30 s while three editors post and readers read, on two Server nodes and a worker. Every node
/// stays ready for readers and shows the broker degraded; posts answer 202 or 503 and nothing else; a Server and a
/// worker started during the outage come up; once the broker is back every 202 commits, once, in order.
/// </summary>
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(
        servers: 2,
        workers: 1,
        new Dictionary<string, string?>(Timeline.KeepEverything) { ["LiveWire:Ingestion:SendTimeout"] = "00:00:02" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Posts_during_a_broker_outage_answer_202_or_503_readers_stay_served_and_every_202_commits_once()
    {
        var topic = Newsroom.NewTopic("outage");
        var servers = _cluster.Servers.ToArray();
        await using var readers = await Readers.StartAsync([.. servers.Select(s => s.Url)], topic, count: 4);
        var newsrooms = Enumerable.Range(0, 3).Select(i => _cluster.CreateNewsroomClient(servers[i % servers.Length])).ToArray();
        var editors = new Editors();
        using var stopPosting = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var posting = editors.PostAsync(newsrooms, topic, maxPerEditor: 3_000, stopPosting.Token);
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= 10, TestTimeouts.Delivery, "the first posts to be accepted");

        foreach (var server in servers)
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            await Eventually.HoldsAsync(async () => await BrokerStatusMetricAsync(http) == 1, TestTimeouts.Delivery, "the broker's gauge at 1 (healthy)");
        }

        await Broker.StopAsync();
        var down = Stopwatch.StartNew();
        var acceptedBefore = editors.Accepted.Count;
        foreach (var server in servers)
        {
            using var http = new HttpClient { BaseAddress = server.Url };
            await Eventually.HoldsAsync(async () => await BrokerHealthAsync(http) == "degraded", TestTimeouts.Delivery, "the broker shown degraded");
            await Eventually.HoldsAsync(async () => await BrokerStatusMetricAsync(http) == 0.5, TestTimeouts.Delivery, "the broker's gauge at 0.5 (degraded)");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/topics/{topic}")).StatusCode);
        }

        // A Server and a worker started while the broker is down come up; the Server is ready for readers at once.
        var lateServer = await _cluster.AddServerAsync().Within(TestTimeouts.Startup, "a Server starting during the outage");
        await _cluster.AddWorkerAsync().Within(TestTimeouts.Startup, "a worker starting during the outage");
        using (var late = new HttpClient { BaseAddress = lateServer.Url })
        {
            Assert.Equal(HttpStatusCode.OK, (await late.GetAsync("/health/ready")).StatusCode);
        }

        // The outage lasts its length: this is the fault's duration, not a wait for a condition.
        await Task.Delay(Outage - down.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        var refusedDuringOutage = editors.Answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
        await Broker.StartAsync();

        await Eventually.HoldsAsync(() => editors.Accepted.Count >= acceptedBefore + 30, TestTimeouts.Startup, "posts to be accepted again");
        await stopPosting.CancelAsync();
        await posting;

        Assert.True(refusedDuringOutage > 0, "no post was refused during the outage");
        Assert.All(
            editors.Answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable),
            a => Assert.Equal("commit-uncertain", a.Code));
        using var reader = _cluster.CreateClient(servers[0]);
        await Timeline.AssertExactlyOnceAsync(reader, topic, editors, readers);
    }

    // livewire_health_status{livewire_health_check="rabbitmq",…} on the node's /metrics, or null while it has none.
    private static async Task<double?> BrokerStatusMetricAsync(HttpClient http)
    {
        var line = (await http.GetStringAsync("/metrics")).Split('\n')
            .FirstOrDefault(l => l.StartsWith("livewire_health_status{", StringComparison.Ordinal) && l.Contains("livewire_health_check=\"rabbitmq\"", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> BrokerHealthAsync(HttpClient http)
    {
        var report = await http.GetFromJsonAsync<JsonElement>("/health");
        return report.GetProperty("checks").TryGetProperty("rabbitmq", out var broker) ? broker.GetProperty("status").GetString() : null;
    }
}
