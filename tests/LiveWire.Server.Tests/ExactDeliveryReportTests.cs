using System.Diagnostics;
using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace LiveWire.Server.Tests;

/// <summary>
/// A report's <c>subscribers</c> is what the nodes wrote the event to, counted per event by each node and flushed with
/// its acks, not the reader tallies published every 5 s (kept at that default here): readers who subscribe a moment
/// before a post count, and acks never outnumber subscribers.
/// </summary>
public sealed class ExactDeliveryReportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1, new Dictionary<string, string?>
    {
        [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Readers_who_subscribed_on_two_nodes_a_moment_before_a_post_are_its_subscribers_and_acks_never_outnumber_them()
    {
        var (nodeA, nodeB) = (_cluster.Servers[0], _cluster.Servers[1]);
        var topic = Newsroom.NewTopic("exact");
        using var newsroom = _cluster.CreateNewsroomClient(nodeA);
        using var admin = _cluster.CreateClient(nodeB, TopicAccess.AdminRole);
        var readers = new List<(HubConnection Connection, EventRecorder Received)>();
        foreach (var node in new[] { nodeA, nodeA, nodeA, nodeB, nodeB })
        {
            var connection = LiveWireCluster.CreateHubConnection(node);
            readers.Add((connection, new EventRecorder(connection)));
            await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        }

        try
        {
            var subscribing = Stopwatch.StartNew();
            foreach (var (connection, _) in readers)
            {
                await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
            }

            await newsroom.PostAsync(topic, "first", "Polls close in the capital");
            output.WriteLine($"posted {subscribing.ElapsedMilliseconds} ms after the first Subscribe (reader tallies go every 5 s)");

            // Four of the five ack; the fifth (on node B) got the event and keeps quiet.
            foreach (var (_, received) in readers)
            {
                await received.WaitForAsync(topic, e => e.Seq == 1, TestTimeouts.Delivery, "the post");
            }

            foreach (var (connection, _) in readers.Take(4))
            {
                await connection.InvokeAsync("Ack", topic, 1L, 0).Within(TestTimeouts.Delivery, "Ack");
            }

            var seen = new List<DeliveryReport>();
            var report = await admin.WaitForDeliveryReportAsync(topic, 1, r =>
            {
                seen.Add(r);
                return r.Acks >= 4 && r.Subscribers >= 5;
            });
            output.WriteLine($"report: {report.Subscribers} subscribers, {report.Acks} acks (after {seen.Count} looks)");
            Assert.Equal((5L, 4L), (report.Subscribers, report.Acks));
            Assert.All(seen, r => Assert.True(r.Acks <= r.Subscribers, $"acks {r.Acks} ≤ subscribers {r.Subscribers}"));

            // A reader that resumes from seq 0 on node B gets the post replayed: that write counts too, and so its ack.
            var late = LiveWireCluster.CreateHubConnection(nodeB);
            readers.Add((late, new EventRecorder(late)));
            await late.StartAsync().Within(TestTimeouts.Startup, "connect");
            var resumed = await late.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)0).Within(TestTimeouts.Delivery, "Subscribe from 0");
            Assert.Equal(1, resumed.Replayed);
            await late.InvokeAsync("Ack", topic, 1L, 0).Within(TestTimeouts.Delivery, "Ack");

            report = await admin.WaitForDeliveryReportAsync(topic, 1, r => r.Acks >= 5);
            Assert.Equal((6L, 5L), (report.Subscribers, report.Acks));
        }
        finally
        {
            foreach (var (connection, _) in readers)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
