using System.Net;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// <c>/health/ready</c> checks Redis and the bus, <c>/health/live</c> only the process: a node cut off from either
/// stops being ready (the load balancer sends new readers elsewhere) but is not restarted, and is ready again once
/// the connection is back.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 0, workers: 0);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_cut_off_from_Redis_is_not_ready_but_alive_and_is_ready_again_once_Redis_is_back()
    {
        await using var redis = LoopbackProxy.Start(new Uri($"http://{TestServers.Redis}"));
        var node = await _cluster.AddServerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{redis.Url.Port}",
        });

        await AssertReadyFollowsAsync(node, redis, "Redis");
    }

    [Fact]
    public async Task A_node_cut_off_from_RabbitMQ_is_not_ready_but_alive_and_is_ready_again_once_RabbitMQ_is_back()
    {
        var amqp = _cluster.VirtualHost!.AmqpUri;
        await using var rabbitMq = LoopbackProxy.Start(new Uri($"http://{amqp.Host}:{amqp.Port}"));
        var node = await _cluster.AddServerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(amqp) { Port = rabbitMq.Url.Port }.Uri.ToString(),
        });

        await AssertReadyFollowsAsync(node, rabbitMq, "RabbitMQ");
    }

    private static async Task AssertReadyFollowsAsync(LiveWireNode node, LoopbackProxy dependency, string name)
    {
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, TestTimeouts.Startup, "ready at start");

        dependency.Cut();
        await Eventually.HoldsAsync(
            async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.ServiceUnavailable,
            TestTimeouts.Startup,
            $"not ready without {name}");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));

        dependency.Restore();
        await Eventually.HoldsAsync(
            async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK,
            TestTimeouts.Startup,
            $"ready again once {name} is back");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }
}
