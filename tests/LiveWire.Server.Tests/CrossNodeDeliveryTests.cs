using LiveWire.Contracts;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class CrossNodeDeliveryTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_development_posted_to_node_A_reaches_a_reader_subscribed_on_node_B()
    {
        var (nodeA, nodeB) = (_cluster.Servers[0], _cluster.Servers[1]);
        var topic = Newsroom.NewTopic();
        await using var reader = LiveWireCluster.CreateHubConnection(nodeB);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "the reader to connect to node B");
        var subscribed = await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null)
            .Within(TestTimeouts.Delivery, "Subscribe");

        using var newsroom = _cluster.CreateNewsroomClient(nodeA);
        await newsroom.PostAsync(topic, "first-post", "Border crossing reopens");

        await received.WaitForAsync(topic, e => e.Id == "first-post", TestTimeouts.Delivery, "the event on node B");
        var delivered = Assert.Single(received.For(topic));
        Assert.Equal((0L, 1L, "Border crossing reopens"), (subscribed.LatestSeq, delivered.Seq, delivered.Headline));
    }
}
