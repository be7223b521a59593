using System.Diagnostics;
using System.Diagnostics.Metrics;
using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using LiveWire.Testing;
using MassTransit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LiveWire.Server.Tests;

public sealed class TelemetryTests : IAsyncLifetime
{
    private static readonly ActivitySource CmsSource = new("LiveWire.Tests.Cms");

    // The source of OpenTelemetry.Instrumentation.StackExchangeRedis's spans.
    private const string RedisInstrumentationSource = "OpenTelemetry.Instrumentation.StackExchangeRedis";
    private readonly List<Activity> _spans = [];
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        // Every node runs in this process, so one exporter on one node sees the spans of all of them.
        _cluster = await LiveWireCluster.StartAsync(servers: 0, workers: 1);
        await _cluster.AddServerAsync(builder => builder.Services.ConfigureOpenTelemetryTracerProvider(
            tracing => tracing.AddSource(CmsSource.Name).AddInMemoryExporter(_spans)));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Activity[] SpansOf(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return [.. _spans.Where(s => s.TraceId == traceId)];
        }
    }

    [Fact]
    public async Task The_spans_of_one_post_share_one_trace_across_server_bus_and_ingestion_with_messaging_attributes()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);

        await newsroom.PostAsync(topic, "traced");
        await newsroom.WaitForSeqAsync(topic, 1);

        Activity? request = null;
        await Eventually.HoldsAsync(
            () =>
            {
                lock (_spans)
                {
                    // The exporter sees every span in this process (other tests' too): pick this test's request. A
                    // span is exported when it ends, and the worker's receive span ends after the fan-out within it.
                    request = _spans.LastOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is string path && path.Contains(topic, StringComparison.Ordinal)
                        && SpansOf(s.TraceId).Any(f => f.OperationName == LiveWireTelemetry.Spans.FanOut)
                        && SpansOf(s.TraceId).Any(f => f.Source.Name == RedisInstrumentationSource)
                        && SpansOf(s.TraceId).Any(f => f.Kind == ActivityKind.Consumer
                            && (f.GetTagItem("messaging.operation"), f.GetTagItem("messaging.destination.name")) is ("receive", "livewire-timeline")));
                }

                return request is not null;
            },
            TestTimeouts.Delivery,
            "the request's trace to reach the fan-out and Redis, and the worker's receive span to end");
        var trace = SpansOf(request!.TraceId);

        // OpenTelemetry's messaging conventions: send, then receive and process on the worker.
        var send = Assert.Single(trace, s => s.Kind == ActivityKind.Producer && s.Source.Name == "MassTransit");
        Assert.Equal(("rabbitmq", "send", "livewire-timeline"), (send.GetTagItem("messaging.system"), send.GetTagItem("messaging.operation"), send.GetTagItem("messaging.destination.name")));
        var consumers = trace.Where(s => s.Kind == ActivityKind.Consumer && s.Source.Name == "MassTransit").ToArray();
        Assert.Contains(consumers, s => (s.GetTagItem("messaging.operation"), s.GetTagItem("messaging.destination.name")) is ("receive", "livewire-timeline"));
        Assert.Contains(consumers, s => s.GetTagItem("messaging.operation") is "process");
        var commit = Assert.Single(trace, s => s.OperationName == LiveWireTelemetry.Spans.Commit);
        Assert.Equal(topic, commit.GetTagItem(LiveWireTelemetry.Tags.Topic));
        Assert.Contains(trace, s => s.OperationName == LiveWireTelemetry.Spans.FanOut);

        // The commit's Redis calls, as client spans by OpenTelemetry's database conventions.
        var redis = trace.Where(s => s.Source.Name == RedisInstrumentationSource).ToArray();
        Assert.All(redis, s => Assert.Equal(ActivityKind.Client, s.Kind));
        Assert.Contains(redis, s => "redis".Equals(s.GetTagItem("db.system.name") ?? s.GetTagItem("db.system")));
    }

    [Fact]
    public async Task A_cms_that_publishes_on_the_bus_with_its_own_trace_context_continues_that_trace()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        var bus = _cluster.Servers[0].Services.GetRequiredService<IBus>();

        ActivityTraceId traceId;
        using (var cms = CmsSource.StartActivity("cms publish", ActivityKind.Producer))
        {
            Assert.NotNull(cms);
            traceId = cms.TraceId;
            await bus.Publish(new PublishDevelopment { Topic = topic, Id = "from-cms", Headline = "Traced by the CMS" });
        }

        await Eventually.HoldsAsync(() => SpansOf(traceId).Any(s => s.OperationName == LiveWireTelemetry.Spans.Commit), TestTimeouts.Delivery, "the commit to join the CMS's trace");
    }

    [Fact]
    public async Task Metrics_expose_livewire_instruments_with_plausible_values_after_traffic()
    {
        var topic = Newsroom.NewTopic();
        var server = _cluster.Servers[0];
        using var newsroom = _cluster.CreateNewsroomClient(server);
        await using var reader = LiveWireCluster.CreateHubConnection(server);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)0).Within(TestTimeouts.Delivery, "Subscribe");
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(topic, $"m{i}");
        }

        await received.WaitForAsync(topic, e => e.Seq == 3, TestTimeouts.Delivery, "three events");
        await reader.InvokeAsync("Ack", topic, 3L, 0);
        var rejected = await newsroom.PostAsJsonAsyncRaw($"/api/topics/{topic}/developments", "{\"headline\":\"\"}");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, rejected);

        using var scraper = _cluster.CreateClient(server);
        using var workerScraper = _cluster.CreateClient(_cluster.Workers[0]);
        string serverMetrics = "", workerMetrics = "";
        await Eventually.HoldsAsync(
            async () =>
            {
                serverMetrics = await scraper.GetStringAsync("/metrics");
                workerMetrics = await workerScraper.GetStringAsync("/metrics");
                return Sample(workerMetrics, "livewire_events_committed_total") >= 3 && Sample(serverMetrics, "livewire_acks_total") >= 3;
            },
            TestTimeouts.Delivery,
            "the counters to show the traffic");

        // Gauges of open subscriptions are checked on a process of their own (below): here, every node of the test
        // process feeds the same meter name, and a node's exporter sees others' connections close but not open.
        Assert.Contains("livewire_subscriptions", serverMetrics);
        Assert.True(Sample(serverMetrics, "livewire_inputs_rejected_total") >= 1, "a rejected input");
        Assert.True(Sample(serverMetrics, "livewire_delivery_latency_seconds_count") >= 3, "delivery latencies");
        Assert.True(Sample(serverMetrics, "livewire_resumes_total") >= 1, "a resume");
        Assert.True(Sample(workerMetrics, "livewire_fanout_duration_seconds_count") >= 3, "fan-out durations");
        Assert.Contains(
            serverMetrics.Split('\n'),
            line => line.StartsWith("livewire_delivery_latency_seconds_bucket", StringComparison.Ordinal) && line.Contains("le=\"0.0075\"", StringComparison.Ordinal));
        // Open connections are SignalR's instrument, not a second one of LiveWire's.
        Assert.DoesNotContain("livewire_connections{", serverMetrics);
        Assert.DoesNotContain("livewire_connections ", serverMetrics);
        Assert.Contains("http_server_request_duration_seconds", serverMetrics);
        Assert.Contains("signalr_server_active_connections", serverMetrics);
        Assert.Contains("kestrel_active_connections", serverMetrics);
        Assert.Contains("dotnet_gc_collections_total", serverMetrics);
        Assert.DoesNotContain("topic=\"", serverMetrics + workerMetrics);
    }

    [Fact]
    public async Task Kestrel_does_not_measure_connection_durations_so_no_open_connection_keeps_their_tags()
    {
        // Kestrel gives a connection its duration's tag list only while some listener has kestrel.connection.duration
        // enabled; the node's OpenTelemetry drops that instrument, listens to Kestrel's others, and measures hub
        // connections' durations through SignalR's instrument (made with the first hub connection).
        var server = _cluster.Servers[0];
        await using (var reader = LiveWireCluster.CreateHubConnection(server))
        {
            await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        }

        var factory = server.Services.GetRequiredService<IMeterFactory>();
        var enabled = new Dictionary<string, bool>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    enabled[instrument.Name] = instrument.Enabled;
                }
            };
            listener.Start();
        }

        Assert.False(enabled["kestrel.connection.duration"]);
        Assert.True(enabled["kestrel.active_connections"]);
        Assert.True(enabled["signalr.server.connection.duration"]);
    }

    [Fact]
    public async Task A_server_process_exports_MassTransit_instruments_and_its_open_connections_too()
    {
        // MassTransit's meter is process-wide, and so is what an exporter sees of the LiveWire meter: both are checked
        // on a process of its own rather than in this one, where many test nodes come and go.
        var port = NodeProcess.FreePort();
        await using var server = await NodeProcess.StartAsync("LiveWire.Server", port, new Dictionary<string, string>
        {
            ["LiveWire:Auth:SigningKey"] = LiveWireCluster.SigningKey,
            ["LiveWire:Auth:Issuer"] = LiveWireCluster.Issuer,
            ["LiveWire:Auth:Audience"] = LiveWireCluster.Audience,
        });
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        newsroom.BaseAddress = server.Url;
        var topic = Newsroom.NewTopic();
        await using var reader = new HubConnectionBuilder().WithUrl(new Uri(server.Url, "hubs/live")).Build();
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect to the process");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
        await newsroom.PostAsync(topic, "via-process");

        using var scraper = new HttpClient { BaseAddress = server.Url };
        await Eventually.HoldsAsync(
            async () =>
            {
                var metrics = await scraper.GetStringAsync("/metrics");
                return Sample(metrics, "messaging_masstransit_consume_ea_total") >= 1
                    && Sample(metrics, "signalr_server_active_connections") == 1
                    && Sample(metrics, "livewire_subscriptions") == 1;
            },
            TestTimeouts.Delivery,
            "MassTransit's consume counter and one open connection with one subscription");
    }

    // The sum of every sample of a metric (all label sets), from Prometheus text.
    private static double Sample(string text, string metric) =>
        text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && (line.Length > metric.Length && (line[metric.Length] == '{' || line[metric.Length] == ' ')))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
