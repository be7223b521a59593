using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>
/// A reader that subscribes and never reads holds up nothing: not other topics on its node, not the other readers of
/// its own topic, on the embedded default and on two nodes with Redis and RabbitMQ; and its connection is closed.
/// </summary>
public sealed class StuckReaderTests
{
    private const int Posts = 400;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        [$"{LimitsOptions.SectionName}:OutboundStallTimeout"] = "00:00:08",
        [$"{LimitsOptions.SectionName}:NewsroomRequestsPerSecond"] = "1000000",
        [$"{LimitsOptions.SectionName}:NewsroomBurst"] = "1000000",
    };

    [Fact]
    public async Task On_the_embedded_default_a_reader_that_never_reads_holds_up_nothing_and_is_closed()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(Settings);
        await ShowNothingIsHeldUpAsync(cluster, cluster.Servers[0], cluster.Servers[0]);
    }

    [Fact]
    public async Task On_two_nodes_a_reader_that_never_reads_holds_up_nothing_and_is_closed()
    {
        await using var cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1, Settings);
        await ShowNothingIsHeldUpAsync(cluster, cluster.Servers[0], cluster.Servers[1]);
    }

    private static async Task ShowNothingIsHeldUpAsync(LiveWireCluster cluster, LiveWireNode node, LiveWireNode otherNode)
    {
        var (stuckTopic, otherTopic) = (Newsroom.NewTopic("stuck"), Newsroom.NewTopic("other"));
        using var metrics = new NodeMetrics(node);
        using var newsroom = cluster.CreateNewsroomClient(otherNode);
        await using var stuck = await StuckReader.SubscribeAsync(node, stuckTopic);
        var (sameNode, sameNodeEvents) = await ReaderAsync(node, stuckTopic);
        var (elsewhere, elsewhereEvents) = await ReaderAsync(otherNode, stuckTopic);
        var (other, otherEvents) = await ReaderAsync(node, otherTopic);
        await using var _ = sameNode;
        await using var __ = elsewhere;
        await using var ___ = other;

        var body = $"<p>{new string('x', 15_000)}</p>";
        for (var i = 1; i <= Posts; i++)
        {
            var response = await newsroom.PostAsJsonAsync($"/api/topics/{stuckTopic}/developments", new { id = $"d{i}", headline = $"Update {i}", body });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            if (i is Posts / 2 or Posts)
            {
                // While the stuck reader's buffer is full: a post to another topic reaches its reader on the same node.
                await ShowAPostArrivesWithinASecondAsync(newsroom, otherTopic, $"o{i}", otherEvents);
            }
        }

        await sameNodeEvents.WaitForAsync(stuckTopic, e => e.Seq == Posts, TestTimeouts.Batch, "the last post at the reader beside the stuck one");
        await elsewhereEvents.WaitForAsync(stuckTopic, e => e.Seq == Posts, TestTimeouts.Batch, "the last post at the reader on the other node");
        Assert.Equal(Enumerable.Range(1, Posts).Select(i => (long)i), sameNodeEvents.For(stuckTopic).Select(e => e.Seq).Order().Distinct());
        Assert.Equal(Enumerable.Range(1, Posts).Select(i => (long)i), elsewhereEvents.For(stuckTopic).Select(e => e.Seq).Order().Distinct());

        await Eventually.HoldsAsync(
            () => metrics.Total(LiveWireTelemetry.Instruments.ConnectionsClosed) >= 1, TestTimeouts.Delivery, "the stuck connection to be closed for a stalled write");
        await stuck.WaitUntilClosedAsync(TestTimeouts.Delivery);
    }

    private static async Task ShowAPostArrivesWithinASecondAsync(HttpClient newsroom, string topic, string id, EventRecorder events)
    {
        var posted = Stopwatch.StartNew();
        await newsroom.PostAsync(topic, id);
        await events.WaitForAsync(topic, e => e.Id == id, TestTimeouts.Delivery, $"{id} at the reader of another topic");
        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(1), $"{id} took {posted.Elapsed} to reach a reader of another topic beside the stuck one");
    }

    private static async Task<(HubConnection Connection, EventRecorder Events)> ReaderAsync(LiveWireNode node, string topic)
    {
        var connection = LiveWireCluster.CreateHubConnection(node);
        var events = new EventRecorder(connection);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "subscribe");
        return (connection, events);
    }
}
