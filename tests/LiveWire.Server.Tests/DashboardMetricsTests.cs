using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>
/// The Grafana dashboards in <c>deploy/grafana/dashboards</c> query only metric names that the nodes' <c>/metrics</c>
/// really print: a renamed instrument or exporter upgrade shows here, not as an empty panel in production.
/// </summary>
public sealed partial class DashboardMetricsTests : IAsyncLifetime
{
    /// <summary>Series Prometheus makes itself for every target, not read from /metrics.</summary>
    private static readonly string[] ScrapeSeries = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1, new Dictionary<string, string?>
    {
        [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Every_metric_the_Grafana_dashboard_queries_is_on_the_nodes_metrics_after_traffic()
    {
        var dashboards = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "dashboards"), "*.json");
        Assert.NotEmpty(dashboards);
        var queried = dashboards.SelectMany(QueriedMetrics).ToHashSet();
        Assert.Contains("livewire_delivery_latency_milliseconds_bucket", queried);

        await MakeTrafficAsync();

        // A node records some instruments after the work that a test can see (the bus consume time once the consumer
        // returns), and the exporter caches its answer for a moment: scrape until every name is there.
        string[] missing = [];
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    var exposed = new HashSet<string>();
                    foreach (var node in _cluster.Servers.Concat(_cluster.Workers))
                    {
                        using var http = _cluster.CreateClient(node);
                        exposed.UnionWith(MetricNames(await http.GetStringAsync("/metrics")));
                    }

                    missing = [.. queried.Except(exposed).Except(ScrapeSeries).Order()];
                    return missing.Length == 0;
                },
                TestTimeouts.Delivery,
                "every queried metric on /metrics");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The dashboard queries metrics no node exposes: {string.Join(", ", missing)}");
        }
    }

    /// <summary>What makes every queried instrument record at least once: posts, a duplicate, a refused post, a resume, acks.</summary>
    private async Task MakeTrafficAsync()
    {
        var topic = Newsroom.NewTopic("metrics");
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        await newsroom.PostAsync(topic, "d1");
        await newsroom.PostAsync(topic, "d2");
        await newsroom.PostAsync(topic, "d2");
        Assert.Equal(HttpStatusCode.BadRequest, await newsroom.PostAsJsonAsyncRaw($"/api/topics/{topic}/developments", """{"headline":""}"""));
        await newsroom.WaitForSeqAsync(topic, 2);

        await using var reader = LiveWireCluster.CreateHubConnection(_cluster.Servers[0]);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        var subscribed = await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "Subscribe");
        await reader.InvokeAsync("Ack", topic, subscribed.LatestSeq, 0).Within(TestTimeouts.Delivery, "Ack");

    }

    private static IEnumerable<string> QueriedMetrics(string dashboardFile)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(dashboardFile));
        var root = dashboard.RootElement;
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                foreach (var name in PromQlNames.Of(target.GetProperty("expr").GetString()!))
                {
                    yield return name;
                }
            }
        }

        if (root.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray())
            {
                if (variable.TryGetProperty("definition", out var definition) && LabelValues().Match(definition.GetString()!) is { Success: true } match)
                {
                    yield return match.Groups["metric"].Value;
                }
            }
        }
    }

    private static HashSet<string> MetricNames(string exposition) =>
        [.. exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])];

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][\w:]*)")]
    private static partial Regex LabelValues();
}
