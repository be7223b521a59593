using LiveWire.Contracts;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

public sealed class ResumeTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_reader_that_disconnects_and_subscribes_again_with_afterSeq_gets_exactly_the_events_it_missed_in_order()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);

        await using (var first = LiveWireCluster.CreateHubConnection(_cluster.Servers[0]))
        {
            var seen = new EventRecorder(first);
            await first.StartAsync().Within(TestTimeouts.Startup, "connect");
            await first.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)0).Within(TestTimeouts.Delivery, "Subscribe");
            for (var i = 1; i <= 3; i++)
            {
                await newsroom.PostAsync(topic, $"before-{i}");
                await seen.WaitForAsync(topic, e => e.Seq == i, TestTimeouts.Delivery, $"event {i} live");
            }

            await first.StopAsync();
        }

        for (var i = 1; i <= 5; i++)
        {
            await newsroom.PostAsync(topic, $"missed-{i}");
        }

        await Eventually.HoldsAsync(async () => (await newsroom.GetEventsAsync(topic)).LatestSeq == 8, TestTimeouts.Delivery, "the missed posts to commit");

        // Resume on the other node: recovery reads the timeline, not the node the reader was on.
        await using var second = LiveWireCluster.CreateHubConnection(_cluster.Servers[1]);
        var resumed = new EventRecorder(second);
        await second.StartAsync().Within(TestTimeouts.Startup, "reconnect");
        var result = await second.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)3).Within(TestTimeouts.Delivery, "Subscribe with afterSeq 3");

        Assert.Equal((8L, 5, false), (result.LatestSeq, result.Replayed, result.Reset));

        // The replay is sent before Subscribe returns, but the client runs handlers apart from completions.
        await resumed.WaitForAsync(topic, e => e.Seq == 8, TestTimeouts.Delivery, "the replay to be handled");
        Assert.Equal([4L, 5L, 6L, 7L, 8L], resumed.For(topic).Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"missed-{i}"), resumed.For(topic).Select(e => e.Id));
    }
}
