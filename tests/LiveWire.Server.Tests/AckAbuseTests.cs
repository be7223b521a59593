using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LiveWire.Server.Tests;

/// <summary>Acks cost nothing to abuse: huge seqs and made-up topics read nothing, hold nothing, and are rate-limited.</summary>
public sealed class AckAbuseTests(ITestOutputHelper output)
{
    private const int Acks = 100_000;
    private const int MadeUpTopics = 10_000;

    [Fact]
    public async Task A_hundred_thousand_acks_with_huge_seqs_and_made_up_topics_leave_Redis_calls_and_the_nodes_ack_state_flat()
    {
        // No rate limit here, to show that the acks themselves read nothing.
        await using var cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1, new Dictionary<string, string?>
        {
            [$"{LimitsOptions.SectionName}:AcksPerSecond"] = "100000",
            [$"{LimitsOptions.SectionName}:AckBurst"] = "1000000",
        });
        var server = cluster.Servers[0];
        var (connection, topic) = await SubscribedAfterThreePostsAsync(cluster);
        await using var _ = connection;
        var times = server.Services.GetRequiredService<EventTimes>();
        var redis = server.Services.GetRequiredService<IConnectionMultiplexer>();
        await AbuseAsync(connection, topic);

        var operationsBefore = redis.GetCounters().Interactive.OperationCount;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await AbuseAsync(connection, topic);
        var operations = redis.GetCounters().Interactive.OperationCount - operationsBefore;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        output.WriteLine($"{Acks:N0} acks: {operations} Redis operations by the node (all its work meanwhile), " +
            $"topics with ack state {times.TopicCount}, test-process heap {heapBefore / 1024:N0} KiB -> {heapAfter / 1024:N0} KiB");
        Assert.InRange(times.TopicCount, 1, 1);
        // The node's own background work (heartbeats, reader tallies, ack flushes) in the same seconds, and nothing per ack.
        Assert.InRange(operations, 0, 200);
    }

    [Fact]
    public async Task Acks_past_the_connections_rate_count_for_nothing()
    {
        await using var cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1);
        var (connection, topic) = await SubscribedAfterThreePostsAsync(cluster);
        await using var _ = connection;
        using var metrics = new NodeMetrics(cluster.Servers[0]);

        var limits = new HubLimitsOptions();
        var sending = System.Diagnostics.Stopwatch.StartNew();

        await AbuseAsync(connection, topic);

        // Of the acks that name the held topic, at most the burst and the rate over the time it took were taken.
        var mostTaken = limits.AckBurst + (long)Math.Ceiling(sending.Elapsed.TotalSeconds * limits.AcksPerSecond);
        var refused = metrics.Total(LiveWireTelemetry.Instruments.RejectedInputs);
        output.WriteLine($"{Acks / 2:N0} acks on the held topic in {sending.Elapsed.TotalSeconds:0.0} s: {refused:N0} refused");
        Assert.True(refused >= Acks / 2 - mostTaken, $"only {refused} acks past the rate were refused");
    }

    // Half the acks name the held topic with seqs far beyond its latest, half name topics nobody holds; then one
    // invocation, which the node runs after every ack before it.
    private static async Task AbuseAsync(HubConnection connection, string topic)
    {
        var random = new Random(12);
        for (var i = 0; i < Acks; i++)
        {
            var (name, seq) = i % 2 == 0
                ? (topic, long.MaxValue - i)
                : ($"made-up-{random.Next(MadeUpTopics)}", (long)random.Next());
            await connection.SendAsync("Ack", name, seq, 0).Within(TestTimeouts.Delivery, "an ack");
        }

        await connection.InvokeAsync("Unsubscribe", "made-up-0").Within(TestTimeouts.Batch, "the acks to be taken");
    }

    private static async Task<(HubConnection Connection, string Topic)> SubscribedAfterThreePostsAsync(LiveWireCluster cluster)
    {
        var server = cluster.Servers[0];
        var topic = Newsroom.NewTopic("acks");
        using var newsroom = cluster.CreateNewsroomClient(server);
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(topic, $"d{i}");
        }

        await newsroom.WaitForSeqAsync(topic, 3);
        var connection = LiveWireCluster.CreateHubConnection(server);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "subscribe");
        return (connection, topic);
    }
}
