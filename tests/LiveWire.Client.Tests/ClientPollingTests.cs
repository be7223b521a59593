using LiveWire.Contracts;
using LiveWire.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// Where no WebSocket gets through and the deployment has no affinity, the client polls the reader API
/// (<see cref="LiveWireClientOptions.PollInterval"/>): every request of it any node can answer.
/// </summary>
public sealed class ClientPollingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(500);

    private readonly ILoggerFactory _logging = TestOutputLogger.Factory(output);

    public void Dispose() => _logging.Dispose();

    [Fact]
    public async Task Behind_a_round_robin_balancer_that_passes_no_WebSocket_the_client_polls_every_event_once_in_order_then_goes_live()
    {
        await using var cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1);
        await using var balancer = await NginxBalancer.StartAsync(cluster.Servers[0].Url, cluster.Servers[1].Url, affinity: false, webSockets: false);
        var topic = Newsroom.NewTopic();
        var liveOnlyTopic = Newsroom.NewTopic();
        using var newsroom = cluster.CreateNewsroomClient(cluster.Servers[0]);
        await newsroom.PostAsync(topic, "before-1");
        await newsroom.PostAsync(liveOnlyTopic, "before-live-only");

        var states = new StateRecorder();
        var client = new LiveWireClient(
            new LiveWireClientOptions { BaseAddress = balancer.Url, ReconnectPolicy = FastReconnect.Instance, PollInterval = s_pollInterval },
            _logging);
        client.StateChanged += states.Record;
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();
        var liveOnly = new HandledEvents();

        // No WebSocket gets through, yet the client starts: it polls.
        await client.StartAsync().Within(TestTimeouts.Startup, "start while no WebSocket gets through");
        Assert.True(client.State == LiveWireConnectionState.Polling, $"state {client.State} after StartAsync; went through {string.Join(", ", states.States)}");
        await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe by polling");
        await client.SubscribeAsync(liveOnlyTopic, liveOnly.HandleAsync).Within(TestTimeouts.Delivery, "subscribe live only by polling");
        var forbidden = await Assert.ThrowsAsync<LiveWireSubscribeException>(
            () => client.SubscribeAsync("private-" + Newsroom.NewTopic(), handled.HandleAsync).Within(TestTimeouts.Delivery, "a private topic refused"));
        Assert.Equal(HubErrorCodes.Forbidden, forbidden.Code);

        await newsroom.PostAsync(topic, "while-polling-2");
        await newsroom.PostAsync(topic, "while-polling-3");
        await newsroom.PostAsync(liveOnlyTopic, "live-only-while-polling");
        await handled.WaitForSeqAsync(3);
        await liveOnly.WaitForSeqAsync(2);
        Assert.Equal([1L, 2L, 3L], handled.Seqs);
        Assert.Equal([2L], liveOnly.Seqs);
        Assert.Equal(LiveWireConnectionState.Polling, client.State);
        Assert.DoesNotContain(LiveWireConnectionState.Connected, states.States);

        // Round robin spread the polls over both nodes (the hub's refused handshakes take turns in between, so one
        // topic's polls alone may keep meeting one node).
        var polls = balancer.UpstreamsOf($"/api/topics/{topic}/events").Concat(balancer.UpstreamsOf($"/api/topics/{liveOnlyTopic}/events"));
        Assert.Equal(cluster.Servers.Select(server => server.Url.Authority).Order(), polls.Distinct().Order());

        // Once WebSockets pass, the hub takes over from the seq polling reached: nothing shown twice, nothing missed.
        await balancer.PassWebSocketsAsync();
        await Eventually.HoldsAsync(() => client.State == LiveWireConnectionState.Connected, TestTimeouts.Startup, "the client to connect once WebSockets pass");
        await newsroom.PostAsync(topic, "live-4");
        await newsroom.PostAsync(liveOnlyTopic, "live-only-live");
        await handled.WaitForSeqAsync(4);
        await liveOnly.WaitForSeqAsync(3);
        Assert.Equal([1L, 2L, 3L, 4L], handled.Seqs);
        Assert.Equal([2L, 3L], liveOnly.Seqs);
        Assert.Equal(LiveWireConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task With_polling_off_the_client_only_reconnects_and_does_not_start_while_no_WebSocket_gets_through()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync();
        await using var balancer = await NginxBalancer.StartAsync(cluster.Servers[0].Url, cluster.Servers[0].Url, affinity: false, webSockets: false);
        var client = new LiveWireClient(
            new LiveWireClientOptions { BaseAddress = balancer.Url, ReconnectPolicy = new GiveUpAfter(3), PollInterval = null },
            _logging);
        await using var disposeClient = new Disposing(client, "dispose the client");

        // It gives up (its policy allows 3 retries) rather than starting on polls: no read of the reader API at all.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync().Within(TestTimeouts.Startup, "the client to give up"));
        Assert.IsNotType<TimeoutException>(error);
        Assert.Equal(LiveWireConnectionState.Disconnected, client.State);
        Assert.Equal(4, balancer.UpstreamsOf("/hubs/live").Count);
        Assert.Empty(balancer.UpstreamsOf("/api/topics"));
    }
}
