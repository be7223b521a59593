using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Core.Security;
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

        await AssertReadyFollowsAsync(node, redis, "Redis", async () =>
        {
            // The dashboard's overview still answers, and says what is down.
            using var admin = _cluster.CreateClient(node, TopicAccess.AdminRole);
            var overview = await admin.GetFromJsonAsync<JsonElement>("/api/admin/overview");
            var redisHealth = overview.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "redis");
            Assert.Equal("unhealthy", redisHealth.GetProperty("status").GetString());
        });
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

    private static async Task AssertReadyFollowsAsync(LiveWireNode node, LoopbackProxy dependency, string name, Func<Task>? whileDown = null)
    {
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, TestTimeouts.Startup, "ready at start");

        dependency.Cut();
        await Eventually.HoldsAsync(
            async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.ServiceUnavailable,
            TestTimeouts.Startup,
            $"not ready without {name}");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));
        if (whileDown is not null)
        {
            await whileDown();
        }

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
