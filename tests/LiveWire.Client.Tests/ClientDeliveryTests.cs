using LiveWire.Contracts;
using LiveWire.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// The client against a real Server and Ingestion worker (real Redis and RabbitMQ). Readers reach the node through a
/// <see cref="LoopbackProxy"/> that a test cuts to disconnect them; the newsroom posts to the node directly.
/// </summary>
public sealed class ClientDeliveryTests(ClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ClusterFixture>, IDisposable
{
    private readonly ILoggerFactory _logging = TestOutputLogger.Factory(output);

    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Node => Cluster.Servers[0];

    public void Dispose() => _logging.Dispose();

    private LiveWireClient NewClient(
        Uri url,
        StateRecorder? states = null,
        LiveWireProtocol protocol = LiveWireProtocol.Json,
        string? token = null,
        Func<HttpMessageHandler, HttpMessageHandler>? handlers = null)
    {
        var client = new LiveWireClient(
            new LiveWireClientOptions
            {
                BaseAddress = url,
                Protocol = protocol,
                ReconnectPolicy = FastReconnect.Instance,
                AccessTokenProvider = token is null ? null : _ => ValueTask.FromResult<string?>(token),
                HttpMessageHandlerFactory = handlers,
            },
            _logging);
        if (states is not null)
        {
            client.StateChanged += states.Record;
        }

        return client;
    }

    private static Task WaitForStateAsync(LiveWireClient client, LiveWireConnectionState state) =>
        Eventually.HoldsAsync(() => client.State == state, TestTimeouts.Delivery, $"the client to be {state}");

    private static Task WaitForCommitsAsync(HttpClient newsroom, string topic, long latestSeq) =>
        Eventually.HoldsAsync(async () => (await newsroom.GetEventsAsync(topic)).LatestSeq == latestSeq, TestTimeouts.Delivery, $"{topic} to reach seq {latestSeq}");

    // Posts accepted one after the other may still be committed in another order: the seq order is the history's.
    private static async Task<IReadOnlyList<string>> HistoryIdsAsync(HttpClient reader, string topic) =>
        [.. (await reader.GetEventsAsync(topic)).Events.Select(e => e.Id)];

    [Theory]
    [InlineData(LiveWireProtocol.Json)]
    [InlineData(LiveWireProtocol.MessagePack)]
    public async Task Events_posted_while_the_client_is_cut_off_arrive_once_and_in_order_after_it_reconnects(LiveWireProtocol protocol)
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        await using var proxy = LoopbackProxy.Start(Node.Url);
        var states = new StateRecorder();
        var client = NewClient(proxy.Url, states, protocol);
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();

        await client.StartAsync().Within(TestTimeouts.Startup, "connect");
        var subscription = await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe");
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(topic, $"before-{i}");
        }

        await handled.WaitForSeqAsync(3);

        proxy.Cut();
        await WaitForStateAsync(client, LiveWireConnectionState.Reconnecting);
        for (var i = 1; i <= 5; i++)
        {
            await newsroom.PostAsync(topic, $"missed-{i}");
        }

        await WaitForCommitsAsync(newsroom, topic, 8);
        Assert.Equal([1L, 2L, 3L], handled.Seqs);

        proxy.Restore();
        await handled.WaitForSeqAsync(8);
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 8, TestTimeouts.Delivery, "LastAppliedSeq to reach 8");

        Assert.Equal(Enumerable.Range(1, 8).Select(s => (long)s), handled.Seqs);
        Assert.Equal(await HistoryIdsAsync(newsroom, topic), handled.Events.Select(e => e.Id));
        Assert.Equal(["before-1", "before-2", "before-3"], handled.Events.Take(3).Select(e => e.Id).Order());
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"missed-{i}"), handled.Events.Skip(3).Select(e => e.Id).Order());
        Assert.All(handled.Events, e => Assert.Equal((topic, EventKinds.Published, 1, $"Development {e.Id}"), (e.Topic, e.Kind, e.Revision, e.Headline)));
        Assert.Equal(
            [LiveWireConnectionState.Connecting, LiveWireConnectionState.Connected, LiveWireConnectionState.Reconnecting, LiveWireConnectionState.Connected],
            states.States);
    }

    [Fact]
    public async Task Repeats_from_resubscribe_replays_overlapping_live_events_never_reach_the_handler()
    {
        const int Posts = 60;
        const int Cuts = 5;
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        await using var proxy = LoopbackProxy.Start(Node.Url);
        var client = NewClient(proxy.Url);
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();
        await client.StartAsync().Within(TestTimeouts.Startup, "connect");
        var subscription = await client.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe");

        // Posts keep coming (two posters at once) while the reader is cut off and resubscribes again and again: each
        // resubscribe joins the topic, then replays, so what is committed in between comes both live and replayed.
        // Whether a given run hits that window is timing; TopicSubscriptionTests pins the overlap down with a
        // scripted hub. Here the real servers must never get a repeat (or a reordering) past the client.
        var posting = Task.WhenAll(PostAllAsync(0), PostAllAsync(1));
        for (var cut = 1; cut <= Cuts; cut++)
        {
            var progress = cut * Posts / (Cuts + 2);
            await Eventually.HoldsAsync(() => handled.Seqs.Count >= progress, TestTimeouts.Delivery, $"{progress} events before cut {cut}");
            proxy.Cut();
            await WaitForStateAsync(client, LiveWireConnectionState.Reconnecting);
            proxy.Restore();
            await WaitForStateAsync(client, LiveWireConnectionState.Connected);
        }

        await posting.Within(TestTimeouts.Batch, "the posts");
        await handled.WaitForSeqAsync(Posts);

        Assert.Equal(Enumerable.Range(1, Posts).Select(s => (long)s), handled.Seqs);
        Assert.Equal(await HistoryIdsAsync(newsroom, topic), handled.Events.Select(e => e.Id));
        Assert.Equal(Enumerable.Range(1, Posts).Select(i => $"post-{i}").Order(), handled.Events.Select(e => e.Id).Order());
        Assert.Equal(1, handled.MaxConcurrentCalls);
        output.WriteLine($"repeats dropped before the handler: {subscription.Inner.RepeatsDropped}; connections through the proxy: {proxy.Connections}");

        async Task PostAllAsync(int poster)
        {
            for (var i = 1 + poster; i <= Posts; i += 2)
            {
                await newsroom.PostAsync(topic, $"post-{i}");
            }
        }
    }

    [Fact]
    public async Task A_subscription_whose_position_is_gone_gets_the_topic_state_through_OnReset_and_then_the_events_after_it()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        for (var i = 1; i <= 3; i++)
        {
            await newsroom.PostAsync(topic, $"early-{i}");
        }

        await WaitForCommitsAsync(newsroom, topic, 3);
        var stateReads = 0;
        var client = NewClient(Node.Url, handlers: inner => new StateReadCounter(topic, () => Interlocked.Increment(ref stateReads)) { InnerHandler = inner });
        await using var disposeClient = new Disposing(client, "dispose the client");
        var handled = new HandledEvents();
        await client.StartAsync().Within(TestTimeouts.Startup, "connect");

        // A position ahead of the topic (say, kept from before the topic was rebuilt) is one the hub cannot resume.
        var subscription = await client.SubscribeAsync(
            topic,
            handled.HandleAsync,
            new SubscribeOptions { AfterSeq = 100, OnReset = handled.OnResetAsync }).Within(TestTimeouts.Delivery, "subscribe");
        await Eventually.HoldsAsync(() => handled.Resets.Count == 1, TestTimeouts.Delivery, "the reset");
        await newsroom.PostAsync(topic, "late-1");
        await newsroom.PostAsync(topic, "late-2");
        await handled.WaitForSeqAsync(5);

        Assert.Equal(["reset 3", "event 4", "event 5"], handled.Calls);
        var history = await HistoryIdsAsync(newsroom, topic);
        Assert.Equal(history.Take(3).Reverse(), handled.Resets[0].Developments.Select(d => d.Id)); // newest first
        Assert.Equal(history.Skip(3), handled.Events.Select(e => e.Id));
        Assert.Equal(["early-1", "early-2", "early-3"], history.Take(3).Order());
        Assert.Equal(1, stateReads);
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 5, TestTimeouts.Delivery, "LastAppliedSeq to reach 5");
    }

    [Fact]
    public async Task A_private_topic_is_refused_with_forbidden_without_a_token_and_delivered_with_one_that_grants_it()
    {
        var topic = "private-" + Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        var anonymous = NewClient(Node.Url);
        await using var disposeAnonymous = new Disposing(anonymous, "dispose the anonymous client");
        var granted = NewClient(Node.Url, token: Cluster.IssueToken([], [topic]));
        await using var disposeGranted = new Disposing(granted, "dispose the granted client");
        var handled = new HandledEvents();
        await anonymous.StartAsync().Within(TestTimeouts.Startup, "connect anonymously");
        await granted.StartAsync().Within(TestTimeouts.Startup, "connect with a token");

        var refused = await Assert.ThrowsAsync<LiveWireSubscribeException>(
            () => anonymous.SubscribeAsync(topic, handled.HandleAsync).Within(TestTimeouts.Delivery, "the anonymous subscribe"));
        await granted.SubscribeAsync(topic, handled.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "the granted subscribe");
        await newsroom.PostAsync(topic, "secret");
        await handled.WaitForSeqAsync(1);

        Assert.Equal((HubErrorCodes.Forbidden, topic), (refused.Code, refused.Topic));
        Assert.Equal("secret", Assert.Single(handled.Events).Id);
    }

    [Fact]
    public async Task StartAsync_keeps_trying_until_the_server_can_be_reached()
    {
        await using var proxy = LoopbackProxy.Start(Node.Url);
        proxy.Cut();
        var states = new StateRecorder();
        var client = NewClient(proxy.Url, states);
        await using var disposeClient = new Disposing(client, "dispose the client");

        var starting = client.StartAsync();
        await WaitForStateAsync(client, LiveWireConnectionState.Connecting);
        Assert.False(starting.IsCompleted);
        proxy.Restore();
        await starting.Within(TestTimeouts.Startup, "connect once the server can be reached");

        Assert.Equal([LiveWireConnectionState.Connecting, LiveWireConnectionState.Connected], states.States);
    }

    [Fact]
    public async Task A_reconnect_policy_that_gives_up_leaves_the_client_disconnected_and_fails_StartAsync()
    {
        await using var proxy = LoopbackProxy.Start(Node.Url);
        proxy.Cut();
        var states = new StateRecorder();
        var client = new LiveWireClient(new LiveWireClientOptions { BaseAddress = proxy.Url, ReconnectPolicy = new GiveUpAfter(2) }, _logging);
        client.StateChanged += states.Record;
        await using var disposeClient = new Disposing(client, "dispose the client");

        await Assert.ThrowsAnyAsync<Exception>(() => client.StartAsync().Within(TestTimeouts.Startup, "the start to give up"));
        var subscribe = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync(Newsroom.NewTopic(), new HandledEvents().HandleAsync).Within(TestTimeouts.Delivery, "subscribe"));

        Assert.Equal(LiveWireConnectionState.Disconnected, client.State);
        Assert.Equal([LiveWireConnectionState.Connecting, LiveWireConnectionState.Disconnected], states.States);
        Assert.Contains("gave up", subscribe.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_and_the_topic_can_be_subscribed_again()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Node);
        var client = NewClient(Node.Url);
        await using var disposeClient = new Disposing(client, "dispose the client");
        var first = new HandledEvents();
        var second = new HandledEvents();
        await client.StartAsync().Within(TestTimeouts.Startup, "connect");

        var subscription = await client.SubscribeAsync(topic, first.HandleAsync).Within(TestTimeouts.Delivery, "subscribe");
        await subscription.DisposeAsync().AsTask().Within(TestTimeouts.Delivery, "dispose the subscription");
        await newsroom.PostAsync(topic, "after-dispose");
        await WaitForCommitsAsync(newsroom, topic, 1);
        await client.SubscribeAsync(topic, second.HandleAsync, new SubscribeOptions { AfterSeq = 0 }).Within(TestTimeouts.Delivery, "subscribe again");
        await second.WaitForSeqAsync(1);

        Assert.Empty(first.Seqs);
        Assert.Equal("after-dispose", Assert.Single(second.Events).Id);
    }
}
