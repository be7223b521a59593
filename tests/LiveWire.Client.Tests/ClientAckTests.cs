using LiveWire.Core.Options;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// The client's delivery receipts against a real Server and Ingestion worker: batched per topic, at most one per
/// second, carrying the highest applied seq, and counted in the newsroom's delivery reports.
/// </summary>
public sealed class ClientAckTests(ClientAckTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<ClientAckTests.Fixture>
{
    /// <summary>
    /// The cluster plus a Server node that records the acks it receives. Delivery reports are flushed and readers
    /// counted often, so a test sees both soon.
    /// </summary>
    public sealed class Fixture : ClusterFixture
    {
        private LiveWireNode? _node;

        /// <summary>The acks the recording node received.</summary>
        public AckRecorder Acks { get; } = new();

        /// <summary>The node that records acks; readers and the newsroom use it.</summary>
        public LiveWireNode Node => _node ?? throw new InvalidOperationException("The node has not started.");

        /// <inheritdoc />
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.100",
            [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
        };

        /// <inheritdoc />
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();

            // The global hub options: SignalR copies their filters into each hub's own options.
            _node = await Cluster.AddServerAsync(builder => builder.Services.Configure<HubOptions>(hub => hub.AddFilter(Acks)));
        }
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Node => fixture.Node;

    private AckRecorder AckLog => fixture.Acks;

    private LiveWireClient NewClient(bool sendAcks = true) => new(
        new LiveWireClientOptions { BaseAddress = Node.Url, ReconnectPolicy = FastReconnect.Instance, SendAcks = sendAcks },
        TestOutputLogger.Factory(output));

    [Fact]
    public async Task Each_reader_acks_what_it_applied_and_the_delivery_report_counts_every_reader_for_every_event()
    {
        const int Readers = 3;
        const int Posts = 12;
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        using var admin = Cluster.CreateClient(Node, LiveWire.Core.Security.TopicAccess.AdminRole);
        var readers = new List<(LiveWireClient Client, HandledEvents Handled)>();
        try
        {
            for (var i = 0; i < Readers; i++)
            {
                var client = NewClient();
                var handled = new HandledEvents();
                readers.Add((client, handled));
                await client.StartAsync().Within(TestTimeouts.Startup, "connect");
                await client.SubscribeAsync(topic, handled.HandleAsync).Within(TestTimeouts.Delivery, "subscribe");
            }

            // Subscribers are the connections each node wrote the event to, flushed with its acks; the readers are
            // counted here only to see the topic exist (the first post makes it) before the rest.
            await newsroom.PostAsync(topic, "post-1");
            await newsroom.WaitForSeqAsync(topic, 1);
            await Eventually.HoldsAsync(async () => (await newsroom.GetTopicAsync(topic)).Readers == Readers, TestTimeouts.Delivery, "the readers to be counted");
            for (var i = 2; i <= Posts; i++)
            {
                await newsroom.PostAsync(topic, $"post-{i}");
            }

            foreach (var (_, handled) in readers)
            {
                await handled.WaitForSeqAsync(Posts);
            }

            // One ack of seq n counts for every event up to n: the first and the last event both reach every reader.
            var last = await admin.WaitForDeliveryReportAsync(topic, Posts, r => r.Acks == Readers);
            var first = await admin.WaitForDeliveryReportAsync(topic, 1, r => r.Acks == Readers);
            output.WriteLine($"first: {first}; last: {last}");
            Assert.Equal(Readers, last.Subscribers);
            Assert.True(last.LatencyMs.P50 <= last.LatencyMs.P99 && last.LatencyMs.P99 <= last.LatencyMs.Max, $"ordered percentiles: {last.LatencyMs}");

            // Batched: each connection acked its highest applied seq, far fewer times than there were events.
            var acks = AckLog.Acks.Where(a => a.Topic == topic).ToList();
            Assert.Equal(Readers, acks.Select(a => a.ConnectionId).Distinct().Count());
            Assert.All(acks.GroupBy(a => a.ConnectionId), byConnection =>
            {
                Assert.Equal(Posts, byConnection.Max(a => a.Seq));
                Assert.True(byConnection.Count() < Posts, $"{byConnection.Count()} acks for {Posts} events: not batched");
                Assert.Equal(byConnection.Select(a => a.Seq).Order(), byConnection.Select(a => a.Seq));
                Assert.All(byConnection, a => Assert.InRange(a.HeldMs, 0, 2_000));
            });
        }
        finally
        {
            foreach (var (client, _) in readers)
            {
                await new Disposing(client, "dispose a reader").DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_sends_at_most_one_ack_per_topic_per_second_while_events_keep_coming()
    {
        var topic = Newsroom.NewTopic();
        var other = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        var client = NewClient();
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();
        var otherHandled = new HandledEvents();
        await client.StartAsync().Within(TestTimeouts.Startup, "connect");
        await client.SubscribeAsync(topic, handled.HandleAsync).Within(TestTimeouts.Delivery, "subscribe");
        await client.SubscribeAsync(other, otherHandled.HandleAsync).Within(TestTimeouts.Delivery, "subscribe to the other topic");

        // Post until the client has acked this topic four times (about three seconds of steady traffic).
        var posted = 0;
        var deadline = DateTimeOffset.UtcNow + TestTimeouts.Delivery;
        while (AckLog.Acks.Count(a => a.Topic == topic) < 4)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"four acks of {topic} within {TestTimeouts.Delivery}; got {AckLog.Acks.Count(a => a.Topic == topic)}");
            posted++;
            await newsroom.PostAsync(topic, $"post-{posted}");
            await newsroom.PostAsync(other, $"post-{posted}");
            await handled.WaitForSeqAsync(posted);
        }

        foreach (var acked in new[] { topic, other })
        {
            var times = AckLog.Acks.Where(a => a.Topic == acked).Select(a => a.ReceivedAt).ToList();
            var gaps = times.Zip(times.Skip(1), (a, b) => TimeProvider.System.GetElapsedTime(a, b)).ToList();
            output.WriteLine($"{acked}: {times.Count} acks for {posted} events, gaps {string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:F0} ms"))}");

            // The client's timer ticks once a second. A busy machine may hold one receipt back until just before the
            // next (two arrive close together), but three acks always span at least one whole tick: sent per event,
            // they would come within milliseconds.
            Assert.All(gaps.Zip(gaps.Skip(1), (a, b) => a + b), span => Assert.True(
                span > TimeSpan.FromSeconds(1), $"three acks of {acked} within {span.TotalMilliseconds:F0} ms"));
        }
    }

    [Fact]
    public async Task A_client_with_acks_off_sends_none()
    {
        var quiet = Newsroom.NewTopic();
        var acked = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        var silent = NewClient(sendAcks: false);
        await using var disposeSilent = new Disposing(silent, "dispose the silent client");
        var acking = NewClient();
        await using var disposeAcking = new Disposing(acking, "dispose the acking client");
        var quietHandled = new HandledEvents();
        var ackedHandled = new HandledEvents();
        await silent.StartAsync().Within(TestTimeouts.Startup, "connect the silent client");
        await acking.StartAsync().Within(TestTimeouts.Startup, "connect the acking client");
        await silent.SubscribeAsync(quiet, quietHandled.HandleAsync).Within(TestTimeouts.Delivery, "subscribe the silent client");
        await acking.SubscribeAsync(acked, ackedHandled.HandleAsync).Within(TestTimeouts.Delivery, "subscribe the acking client");

        await newsroom.PostAsync(quiet, "quiet-1");
        await quietHandled.WaitForSeqAsync(1);

        // Three acks from the other client, each for an event posted after the last ack, span well over one tick of
        // the silent client's timer since it applied its event.
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(acked, $"acked-{i}");
            await Eventually.HoldsAsync(() => AckLog.Acks.Any(a => a.Topic == acked && a.Seq == i), TestTimeouts.Delivery, $"the ack of {acked}#{i}");
        }

        Assert.DoesNotContain(AckLog.Acks, a => a.Topic == quiet);
    }
}
