using LiveWire.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>A node going away under the client: a cluster of its own, since the test stops one of its nodes.</summary>
public sealed class ClientFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ILoggerFactory _logging = TestOutputLogger.Factory(output);
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _logging.Dispose();
    }

    [Fact]
    public async Task A_client_whose_node_stops_resumes_on_another_node_without_losing_or_repeating_events()
    {
        var (doomed, survivor) = (_cluster.Servers[0], _cluster.Servers[1]);
        var topic = Newsroom.NewTopic();
        using var newsroom = _cluster.CreateNewsroomClient(survivor);
        await using var balancer = LoopbackProxy.Start(doomed.Url);
        var states = new StateRecorder();
        var client = new LiveWireClient(
            new LiveWireClientOptions { BaseAddress = balancer.Url, ReconnectPolicy = FastReconnect.Instance },
            _logging);
        client.StateChanged += states.Record;
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();
        await client.StartAsync().Within(TestTimeouts.Startup, "connect");
        var subscription = await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe");

        await newsroom.PostAsync(topic, "first-1");
        await newsroom.PostAsync(topic, "first-2");
        await handled.WaitForSeqAsync(2);

        await doomed.StopAsync();
        await Eventually.HoldsAsync(() => client.State == LiveWireConnectionState.Reconnecting, TestTimeouts.Delivery, "the client to notice");
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(topic, $"while-down-{i}");
        }

        await Eventually.HoldsAsync(async () => (await newsroom.GetEventsAsync(topic)).LatestSeq == 5, TestTimeouts.Delivery, "the posts to commit");
        balancer.Restore(survivor.Url); // the load balancer fails over
        await handled.WaitForSeqAsync(5);
        await newsroom.PostAsync(topic, "after");
        await handled.WaitForSeqAsync(6);

        Assert.Equal(Enumerable.Range(1, 6).Select(s => (long)s), handled.Seqs);
        Assert.Equal((await newsroom.GetEventsAsync(topic)).Events.Select(e => e.Id), handled.Events.Select(e => e.Id));
        Assert.Equal(["first-1", "first-2"], handled.Events.Take(2).Select(e => e.Id).Order());
        Assert.Equal(["while-down-1", "while-down-2", "while-down-3"], handled.Events.Skip(2).Take(3).Select(e => e.Id).Order());
        Assert.Equal("after", handled.Events[^1].Id);
        // Connected, then reconnecting until the balancer fails over, then connected. A node that is stopping may
        // still take a connection and close it at once, which adds a Reconnecting/Connected pair: allowed.
        var seen = states.States;
        Assert.Equal([LiveWireConnectionState.Connecting, LiveWireConnectionState.Connected, LiveWireConnectionState.Reconnecting], seen.Take(3));
        Assert.Equal(LiveWireConnectionState.Connected, seen[^1]);
        Assert.All(seen.Skip(2).Chunk(2), pair => Assert.Equal([LiveWireConnectionState.Reconnecting, LiveWireConnectionState.Connected], pair));
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 6, TestTimeouts.Delivery, "LastAppliedSeq to reach 6");
    }
}
