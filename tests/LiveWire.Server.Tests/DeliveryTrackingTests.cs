using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class DeliveryTrackingTests(DeliveryTrackingTests.Fixture fixture) : IClassFixture<DeliveryTrackingTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
            [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
        };
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Server => Cluster.Servers[0];

    private async Task<List<HubConnection>> SubscribeReadersAsync(string topic, int count)
    {
        var readers = new List<HubConnection>();
        for (var i = 0; i < count; i++)
        {
            var reader = LiveWireCluster.CreateHubConnection(Server);
            await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
            await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
            readers.Add(reader);
        }

        return readers;
    }

    [Fact]
    public async Task A_report_after_N_readers_ack_shows_N_subscribers_N_acks_and_ordered_percentiles()
    {
        const int N = 6;
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        using var admin = Cluster.CreateClient(Server, TopicAccess.AdminRole);
        await newsroom.PostAsync(topic, "opening");
        await newsroom.WaitForSeqAsync(topic, 1);
        var readers = await SubscribeReadersAsync(topic, N);
        await Eventually.HoldsAsync(async () => (await newsroom.GetTopicAsync(topic)).Readers == N, TestTimeouts.Delivery, "the readers to be counted");
        var recorders = readers.Select(r => new EventRecorder(r)).ToArray();

        await newsroom.PostAsync(topic, "tracked", "Talks end without a deal");
        foreach (var (reader, received) in readers.Zip(recorders))
        {
            await received.WaitForAsync(topic, e => e.Seq == 2, TestTimeouts.Delivery, "the tracked event");
            await reader.SendAsync("Ack", topic, 2L, 0);
        }

        var report = await admin.WaitForDeliveryReportAsync(topic, 2, r => r.Acks >= N);

        Assert.Equal((topic, 2L, "tracked", (long)N, (long)N), (report.Topic, report.Seq, report.Id, report.Subscribers, report.Acks));
        Assert.True(report.AcceptedAt <= report.CommittedAt && report.CommittedAt <= report.FannedOutAt, "accepted ≤ committed ≤ fanned out");
        var latency = report.LatencyMs;
        Assert.True(0 <= latency.P50 && latency.P50 <= latency.P90 && latency.P90 <= latency.P99 && latency.P99 <= latency.Max, $"ordered percentiles: {latency}");
        Assert.True(latency.Max < TestTimeouts.Delivery.TotalMilliseconds, $"plausible latency: {latency}");
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task Acks_cannot_inflate_another_topic_another_event_or_count_twice()
    {
        var (topic, other) = (Newsroom.NewTopic(), Newsroom.NewTopic());
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        using var admin = Cluster.CreateClient(Server, TopicAccess.AdminRole);
        await newsroom.PostAsync(topic, "a");
        await newsroom.PostAsync(other, "b");
        await newsroom.WaitForSeqAsync(topic, 1);
        await newsroom.WaitForSeqAsync(other, 1);
        var readers = await SubscribeReadersAsync(topic, 2);
        await newsroom.PostAsync(topic, "c");
        await newsroom.WaitForSeqAsync(topic, 2);

        // Reader 0: one honest ack, then the same again, then far beyond the latest, then a topic it never joined.
        await readers[0].InvokeAsync("Ack", topic, 2L, 0);
        await readers[0].InvokeAsync("Ack", topic, 2L, 0);
        await readers[0].InvokeAsync("Ack", topic, 999L, 0);
        await readers[0].InvokeAsync("Ack", other, 1L, 0);
        // Reader 1: acks an event from before it subscribed: nothing to count.
        await readers[1].InvokeAsync("Ack", topic, 1L, 0);
        // Then an honest ack from reader 1, flushed with anything counted wrongly above.
        await readers[1].InvokeAsync("Ack", topic, 2L, 0);

        var report = await admin.WaitForDeliveryReportAsync(topic, 2, r => r.Acks >= 2);
        Assert.Equal(2, report.Acks);
        var first = await admin.WaitForDeliveryReportAsync(topic, 1, _ => true);
        Assert.Equal(0, first.Acks);
        var otherReport = await admin.WaitForDeliveryReportAsync(other, 1, _ => true);
        Assert.Equal(0, otherReport.Acks);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/topics/{topic}/events/999/delivery")).StatusCode);
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task Delivery_reports_need_the_admin_role()
    {
        using var anonymous = Cluster.CreateClient(Server);
        using var newsroom = Cluster.CreateNewsroomClient(Server);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/topics/any/events/1/delivery")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await newsroom.GetAsync("/api/topics/any/events/1/delivery")).StatusCode);
    }
}
