using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Core.Security;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// <c>/health/ready</c> checks what the node needs for its job, <c>/health/live</c> only the process. A Server cut off
/// from Redis stops being ready (the load balancer sends new readers elsewhere) but is not restarted; cut off from the
/// broker it keeps serving readers and reports the broker degraded; a worker cut off from the broker is not ready.
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
    public async Task A_server_cut_off_from_RabbitMQ_stays_ready_for_readers_reports_the_broker_degraded_and_answers_posts_503()
    {
        var amqp = _cluster.VirtualHost!.AmqpUri;
        await using var rabbitMq = LoopbackProxy.Start(new Uri($"http://{amqp.Host}:{amqp.Port}"));
        var node = await _cluster.AddServerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(amqp) { Port = rabbitMq.Url.Port }.Uri.ToString(),
            ["LiveWire:Ingestion:SendTimeout"] = "00:00:01",
        });
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
        using var newsroom = _cluster.CreateNewsroomClient(node);
        await Eventually.HoldsAsync(async () => await CheckStatusAsync(http, "rabbitmq") == "healthy", TestTimeouts.Startup, "broker healthy at start");

        rabbitMq.Cut();
        await Eventually.HoldsAsync(async () => await CheckStatusAsync(http, "rabbitmq") == "degraded", TestTimeouts.Startup, "broker degraded on /health");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/ready"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health"));
        using (var admin = _cluster.CreateClient(node, TopicAccess.AdminRole))
        {
            var overview = await admin.GetFromJsonAsync<JsonElement>("/api/admin/overview");
            var broker = overview.GetProperty("dependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "rabbitmq");
            Assert.Equal("degraded", broker.GetProperty("status").GetString());
        }

        using var post = await newsroom.PostAsJsonAsync($"/api/topics/{Newsroom.NewTopic()}/developments", new { id = "d1", headline = "Held at the door" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.NotNull(post.Headers.RetryAfter);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/ready"));

        rabbitMq.Restore();
        await Eventually.HoldsAsync(async () => await CheckStatusAsync(http, "rabbitmq") == "healthy", TestTimeouts.Startup, "broker healthy again");
    }

    [Fact]
    public async Task A_server_starts_and_is_ready_while_the_broker_is_down()
    {
        var amqp = _cluster.VirtualHost!.AmqpUri;
        await using var rabbitMq = LoopbackProxy.Start(new Uri($"http://{amqp.Host}:{amqp.Port}"));
        rabbitMq.Cut();
        var node = await _cluster.AddServerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(amqp) { Port = rabbitMq.Url.Port }.Uri.ToString(),
        }).Within(TestTimeouts.Startup, "a Server starting during a broker outage");
        using var http = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
        var health = await http.GetStringAsync("/health");
        Assert.True(await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, health);
        Assert.Equal("degraded", await CheckStatusAsync(http, "rabbitmq"));
    }

    [Fact]
    public async Task A_worker_cut_off_from_RabbitMQ_is_not_ready_but_alive_and_is_ready_again_once_RabbitMQ_is_back()
    {
        var amqp = _cluster.VirtualHost!.AmqpUri;
        await using var rabbitMq = LoopbackProxy.Start(new Uri($"http://{amqp.Host}:{amqp.Port}"));
        var worker = await _cluster.AddWorkerAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = new UriBuilder(amqp) { Port = rabbitMq.Url.Port }.Uri.ToString(),
        });

        await AssertReadyFollowsAsync(worker, rabbitMq, "RabbitMQ");
    }

    private static async Task<string?> CheckStatusAsync(HttpClient http, string check)
    {
        using var response = await http.GetAsync("/health");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        return report.GetProperty("checks").TryGetProperty(check, out var entry) ? entry.GetProperty("status").GetString() : null;
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
