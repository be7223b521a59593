using LiveWire.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// How the client reaches the hub (<see cref="LiveWireClientOptions.Affinity"/>): without affinity one WebSocket and
/// no negotiation, so any balancer will do; with it, SignalR's negotiation and its fallbacks.
/// </summary>
public sealed class ClientTransportTests(ITestOutputHelper output) : IDisposable
{
    private readonly ILoggerFactory _logging = TestOutputLogger.Factory(output);

    public void Dispose() => _logging.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_client_negotiates_only_when_the_deployment_says_it_has_affinity(bool affinity)
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync();
        var node = cluster.Servers[0];
        var topic = Newsroom.NewTopic();
        using var newsroom = cluster.CreateNewsroomClient(node);
        var requests = new RequestPaths();
        var client = new LiveWireClient(
            new LiveWireClientOptions { BaseAddress = node.Url, Affinity = affinity, HttpMessageHandlerFactory = requests.Factory },
            _logging);
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();

        await client.StartAsync().Within(TestTimeouts.Startup, "connect");
        await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe");
        await newsroom.PostAsync(topic, "one");
        await handled.WaitForSeqAsync(1);

        var negotiations = requests.Paths.Count(path => path.EndsWith("/hubs/live/negotiate", StringComparison.Ordinal));
        Assert.Equal(affinity ? 1 : 0, negotiations);
    }

    [Fact]
    public async Task Clients_behind_a_round_robin_balancer_without_affinity_all_connect_and_get_every_event()
    {
        const int Clients = 10;
        await using var cluster = await LiveWireCluster.StartAsync(servers: 2, workers: 1);
        await using var balancer = await NginxBalancer.StartAsync(cluster.Servers[0].Url, cluster.Servers[1].Url, affinity: false);
        var topic = Newsroom.NewTopic();
        using var newsroom = cluster.CreateNewsroomClient(cluster.Servers[0]);
        var readers = new List<(LiveWireClient Client, HandledEvents Handled)>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var client = new LiveWireClient(new LiveWireClientOptions { BaseAddress = balancer.Url, ReconnectPolicy = FastReconnect.Instance }, _logging);
                var handled = new HandledEvents();
                readers.Add((client, handled));
                await client.StartAsync().Within(TestTimeouts.Startup, $"client {i} to connect");
                await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, $"client {i} to subscribe");
            }

            for (var i = 1; i <= 3; i++)
            {
                await newsroom.PostAsync(topic, $"post-{i}");
            }

            foreach (var (client, handled) in readers)
            {
                await handled.WaitForSeqAsync(3);
                Assert.Equal([1L, 2L, 3L], handled.Seqs);
                Assert.Equal(LiveWireConnectionState.Connected, client.State);
            }
        }
        finally
        {
            foreach (var (client, _) in readers)
            {
                await client.DisposeAsync().AsTask().Within(TestTimeouts.Startup, "dispose a client");
            }
        }

        // nginx logs a WebSocket once it closes: each client's one socket, spread over both nodes, and no negotiation.
        await Eventually.HoldsAsync(
            () => Task.FromResult(balancer.UpstreamsOf("/hubs/live").Count == Clients), TestTimeouts.Delivery, "nginx to log the closed WebSockets");
        Assert.Equal(cluster.Servers.Select(server => server.Url.Authority).Order(), balancer.UpstreamsOf("/hubs/live").Distinct().Order());
        Assert.Empty(balancer.UpstreamsOf("/hubs/live/negotiate"));
    }
}
