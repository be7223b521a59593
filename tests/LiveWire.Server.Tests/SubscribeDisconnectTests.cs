using LiveWire.Contracts;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveWire.Server.Tests;

/// <summary>
/// SignalR runs a connection's <c>OnDisconnectedAsync</c> without waiting for a hub call still at an <c>await</c>, so
/// a Subscribe may finish after its connection has gone.
/// </summary>
public sealed class SubscribeDisconnectTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_subscribe_that_finishes_after_its_reader_left_counts_no_reader()
    {
        var topic = Newsroom.NewTopic();
        var held = new HeldLatestSeq(topic);
        var server = await fixture.Cluster.AddServerAsync(builder =>
        {
            // The last registration is the one the node uses.
            var real = builder.Services.Last(service => service.ServiceType == typeof(ITimelineStore));
            builder.Services.RemoveAll<ITimelineStore>();
            builder.Services.AddSingleton<ITimelineStore>(services => new HeldLatestSeqStore(
                (ITimelineStore)ActivatorUtilities.CreateInstance(services, real.ImplementationType!), held));
        });
        using var metrics = new NodeMetrics(server);
        var connection = LiveWireCluster.CreateHubConnection(server);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");

        // Subscribe stops at the store (as a Redis call that does not heed cancellation would); the reader leaves.
        _ = connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L);
        await held.Reached.Task.Within(TestTimeouts.Delivery, "Subscribe to reach the store");
        await connection.DisposeAsync();
        await Eventually.HoldsAsync(
            () => server.Services.GetRequiredService<NodeStats>().Connections == 0,
            TestTimeouts.Delivery,
            "the server to see the reader go");

        held.Release();
        await held.Resumed.Task.Within(TestTimeouts.Delivery, "Subscribe to go on past its subscription");

        Assert.Equal(0, server.Services.GetRequiredService<ReaderTally>().Of(topic));
        Assert.Equal(0, metrics.Total(LiveWireTelemetry.Instruments.Subscriptions));
    }

    /// <summary>Holds the first latest-seq read of one topic until released, and says when Subscribe reads on.</summary>
    private sealed class HeldLatestSeq(string topic)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Topic => topic;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Resumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HoldAsync()
        {
            Reached.TrySetResult();
            return _release.Task;
        }

        public void Release() => _release.TrySetResult();
    }

    private sealed class HeldLatestSeqStore(ITimelineStore inner, HeldLatestSeq held) : DelegatingTimelineStore(inner)
    {
        // After the subscription is taken, Subscribe with afterSeq 0 reads the history.
        public override Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken)
        {
            if (topic == held.Topic)
            {
                held.Resumed.TrySetResult();
            }

            return base.ReadAsync(topic, afterSeq, limit, cancellationToken);
        }

        public override async Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken)
        {
            if (topic == held.Topic)
            {
                await held.HoldAsync();
            }

            return await base.GetLatestSeqAsync(topic, CancellationToken.None);
        }
    }
}
