using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>
/// The Grafana dashboards in <c>deploy/grafana/dashboards</c> and the alert rules of <c>deploy/prometheus/alerts.yml</c>
/// query only metric names that the nodes' <c>/metrics</c> really print: a renamed instrument or an exporter upgrade
/// shows here, not as an empty panel or an alert that can never fire in production. The nodes
/// run as processes of their own, one Server and one Ingestion worker on the real Redis and RabbitMQ, as deployed:
/// some meters (MassTransit's) are process-wide, and this test process holds many nodes.
/// </summary>
public sealed partial class DashboardMetricsTests : IAsyncLifetime
{
    /// <summary>Series Prometheus makes itself for every target, not read from /metrics.</summary>
    private static readonly string[] ScrapeSeries = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

    private RabbitMqVirtualHost _virtualHost = null!;
    private LiveWireCluster _tokens = null!;
    private NodeProcess? _server;
    private NodeProcess? _worker;

    public async Task InitializeAsync()
    {
        var name = "m" + Guid.NewGuid().ToString("N")[..12];
        _virtualHost = await RabbitMqVirtualHost.CreateAsync(name);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = TestServers.Redis,
            ["ConnectionStrings:RabbitMq"] = _virtualHost.AmqpUri.ToString(),
            ["LiveWire:Redis:Prefix"] = name,
            ["LiveWire:Auth:SigningKey"] = LiveWireCluster.SigningKey,
            ["LiveWire:Auth:Issuer"] = LiveWireCluster.Issuer,
            ["LiveWire:Auth:Audience"] = LiveWireCluster.Audience,
            [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
        };
        _worker = await NodeProcess.StartAsync("LiveWire.Ingestion", NodeProcess.FreePort(), settings);
        _server = await NodeProcess.StartAsync("LiveWire.Server", NodeProcess.FreePort(), settings);
        // Only to sign tokens with the same key.
        _tokens = await LiveWireCluster.StartEmbeddedAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _server, _worker }.OfType<NodeProcess>())
        {
            await node.DisposeAsync();
        }

        await _tokens.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }

    [Fact]
    public async Task Every_metric_the_Grafana_dashboard_and_the_alerts_query_is_on_the_nodes_metrics_after_traffic()
    {
        var dashboards = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "dashboards"), "*.json");
        Assert.NotEmpty(dashboards);
        var queried = dashboards.SelectMany(QueriedMetrics).ToHashSet();
        Assert.Contains("livewire_delivery_latency_seconds_bucket", queried);
        var alerted = AlertedMetrics(Path.Combine(AppContext.BaseDirectory, "prometheus", "alerts.yml")).ToHashSet();
        Assert.Contains("livewire_bus_error_queue_messages", alerted);
        Assert.Contains("signalr_server_active_connections", alerted);
        queried.UnionWith(alerted);

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
                    foreach (var node in new[] { _server!, _worker! })
                    {
                        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
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
            Assert.Fail($"The dashboard or the alerts query metrics no node exposes: {string.Join(", ", missing)}");
        }
    }

    /// <summary>What makes every queried instrument record at least once: posts, a duplicate, a refused post, a resume, acks.</summary>
    private async Task MakeTrafficAsync()
    {
        var topic = Newsroom.NewTopic("metrics");
        using var newsroom = _tokens.CreateNewsroomClient(_tokens.Servers[0]);
        newsroom.BaseAddress = _server!.Url;
        await newsroom.PostAsync(topic, "d1");
        await newsroom.PostAsync(topic, "d2");
        await newsroom.PostAsync(topic, "d2");
        Assert.Equal(HttpStatusCode.BadRequest, await newsroom.PostAsJsonAsyncRaw($"/api/topics/{topic}/developments", """{"headline":""}"""));
        await newsroom.WaitForSeqAsync(topic, 2);

        await using var reader = new HubConnectionBuilder().WithUrl(new Uri(_server.Url, LiveWireServerExtensions.HubPath)).Build();
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

    // The rule file's expressions, one `expr:` line each (as alerts.yml writes them; YAML needs no parser for that).
    private static IEnumerable<string> AlertedMetrics(string rulesFile) =>
        File.ReadLines(rulesFile)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("expr:", StringComparison.Ordinal))
            .SelectMany(line => PromQlNames.Of(line["expr:".Length..].Trim()));

    private static HashSet<string> MetricNames(string exposition) =>
        [.. exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])];

    [GeneratedRegex(@"label_values\(\s*(?<metric>[a-zA-Z_:][\w:]*)")]
    private static partial Regex LabelValues();
}
