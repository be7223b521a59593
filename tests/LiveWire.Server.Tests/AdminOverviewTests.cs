using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Server.Api;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class AdminOverviewTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1, new Dictionary<string, string?>
    {
        [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
        [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task The_overview_shows_every_node_its_readers_the_busiest_topics_and_the_reach_of_the_latest_events()
    {
        var (busy, quiet) = (Newsroom.NewTopic("busy"), Newsroom.NewTopic("quiet"));
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        using var admin = _cluster.CreateClient(_cluster.Servers[1], TopicAccess.AdminRole);
        await newsroom.PostAsync(quiet, "q1");
        await newsroom.PostAsync(busy, "b1");
        await newsroom.WaitForSeqAsync(busy, 1);
        var readers = new List<HubConnection>();
        foreach (var node in new[] { _cluster.Servers[0], _cluster.Servers[1], _cluster.Servers[1] })
        {
            var reader = LiveWireCluster.CreateHubConnection(node);
            await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
            await reader.InvokeAsync<SubscribeResult>("Subscribe", busy, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
            readers.Add(reader);
        }

        await Eventually.HoldsAsync(async () => (await newsroom.GetTopicAsync(busy)).Readers == 3, TestTimeouts.Delivery, "three readers counted");
        await newsroom.PostAsync(busy, "b2");
        await newsroom.WaitForSeqAsync(busy, 2);

        OverviewResponse? overview = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                overview = await admin.GetFromJsonAsync<OverviewResponse>("/api/admin/overview");
                return overview!.Nodes.Count == 3 && overview.Connections == 3
                    && overview.RecentDeliveries.Any(d => d.Topic == busy && d.Seq == 2 && d.Subscribers == 3);
            },
            TestTimeouts.Delivery,
            "the overview to show three nodes, three readers and the latest event with its three subscribers (flushed by the nodes)");

        Assert.Equal(["livewire-ingestion", "livewire-server", "livewire-server"], overview!.Nodes.Select(n => n.Service).Order());
        Assert.All(overview.Nodes, n => Assert.True(n.Ready, $"{n.NodeId} ready"));
        Assert.Equal(3, overview.Subscriptions);
        Assert.True(overview.EventsCommitted >= 2);
        Assert.Equal((busy, 3L), (overview.BusiestTopics[0].Topic, overview.BusiestTopics[0].Readers));
        var latest = overview.RecentDeliveries.First(d => d.Topic == busy && d.Seq == 2);
        Assert.Equal(3, latest.Subscribers);

        using var newsroomOnly = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        Assert.Equal(HttpStatusCode.Forbidden, (await newsroomOnly.GetAsync("/api/admin/overview")).StatusCode);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_overview_gives_events_and_acks_per_second_cluster_latency_percentiles_and_the_health_of_Redis_RabbitMQ_and_each_node()
    {
        var topic = Newsroom.NewTopic("rates");
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        using var admin = _cluster.CreateClient(_cluster.Servers[1], TopicAccess.AdminRole);
        await using var reader = LiveWireCluster.CreateHubConnection(_cluster.Servers[1]);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "Subscribe");

        // Rates cover one heartbeat interval (100 ms here): keep posting and acking until intervals have had some. On
        // a busy machine one round takes longer than an interval, so each rate counts once seen, not all in one read.
        var posted = 0;
        var (sawEvents, sawAcks) = (false, false);
        OverviewResponse? overview = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                await newsroom.PostAsync(topic, $"r{++posted}");
                await newsroom.WaitForSeqAsync(topic, posted);
                await reader.InvokeAsync("Ack", topic, (long)posted, 0).Within(TestTimeouts.Delivery, "Ack");
                overview = await admin.GetFromJsonAsync<OverviewResponse>("/api/admin/overview");
                sawEvents |= overview!.EventsPerSecond > 0;
                sawAcks |= overview.AcksPerSecond > 0;
                return sawEvents && sawAcks && overview.DeliveryMs.P99 > 0 && overview.FanOutMs.P50 > 0;
            },
            TestTimeouts.Delivery,
            "the overview to show events and acks per second, fan-out and delivery latency");

        Assert.True(overview!.FanOutMs.P50 > 0 && overview.FanOutMs.P50 <= overview.FanOutMs.P99, $"fan-out {overview.FanOutMs}");
        Assert.True(overview.DeliveryMs.P50 <= overview.DeliveryMs.P99 && overview.DeliveryMs.P99 <= overview.DeliveryMs.Max + 0.1, $"delivery {overview.DeliveryMs}");
        Assert.Equal(
            [("redis", "healthy"), ("rabbitmq", "healthy"), ("bus", "healthy")],
            overview.Dependencies.Select(d => (d.Name, d.Status)));
        Assert.All(overview.Nodes, n => Assert.Equal(("healthy", "healthy"), (n.Checks!["redis"], n.Checks["rabbitmq"])));
    }

    [Fact]
    public async Task On_the_embedded_defaults_the_overview_says_Redis_and_RabbitMQ_are_not_used()
    {
        await using var embedded = await LiveWireCluster.StartEmbeddedAsync();
        using var admin = embedded.CreateClient(embedded.Servers[0], TopicAccess.AdminRole);

        var overview = await admin.GetFromJsonAsync<OverviewResponse>("/api/admin/overview");

        Assert.Equal(
            [("redis", "not-used"), ("rabbitmq", "not-used"), ("bus", "healthy")],
            overview!.Dependencies.Select(d => (d.Name, d.Status)));
    }
}
