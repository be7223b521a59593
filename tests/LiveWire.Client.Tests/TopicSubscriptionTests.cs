using LiveWire.Client.Internal;
using LiveWire.Contracts;
using LiveWire.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveWire.Client.Tests;

/// <summary>
/// A subscription's behaviour without a server: the hub is a function the test writes (it calls
/// <see cref="TopicSubscription.OnEvent"/> as the hub's replay and live events would), the HTTP API a
/// <see cref="FakeReaderApi"/>.
/// </summary>
public sealed class TopicSubscriptionTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan s_shortGapFillDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_longGapFillDelay = TimeSpan.FromMinutes(10);

    private readonly FakeReaderApi _api = new();
    private readonly HandledEvents _handled = new();
    private readonly List<TopicSubscription> _subscriptions = [];
    private HttpClient? _http;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().AsTask().Within(TestTimeouts.Delivery, "dispose the subscription");
        }
    }

    public void Dispose()
    {
        _http?.Dispose();
        _api.Dispose();
    }

    private TopicSubscription Subscription(
        long? afterSeq,
        TimeSpan gapFillDelay,
        bool onReset = true,
        Func<CancellationToken, ValueTask<string?>>? token = null,
        string? epoch = null)
    {
        _http = new HttpClient(_api, disposeHandler: false) { BaseAddress = FakeReaderApi.BaseAddress };
        var options = new SubscribeOptions { AfterSeq = afterSeq, OnReset = onReset ? _handled.OnResetAsync : null, Epoch = epoch };
        var subscription = new TopicSubscription(
            Events.Topic, _handled.HandleAsync, options, new LiveWireHttpApi(_http, token), gapFillDelay, NullLogger.Instance);
        _subscriptions.Add(subscription);
        return subscription;
    }

    /// <summary>A hub whose Subscribe sends <paramref name="during"/> to the subscription, then answers.</summary>
    private static Func<string, long?, CancellationToken, Task<SubscribeResult>> Hub(
        TopicSubscription subscription,
        long latestSeq,
        IEnumerable<TimelineEvent>? during = null,
        bool reset = false,
        List<long?>? afterSeqs = null,
        string? epoch = null) =>
        (topic, afterSeq, _) =>
        {
            afterSeqs?.Add(afterSeq);
            var sent = 0;
            foreach (var e in during ?? [])
            {
                subscription.OnEvent(e);
                sent++;
            }

            return Task.FromResult(new SubscribeResult(topic, latestSeq, sent, reset, epoch));
        };

    private static Task SubscribeAsync(TopicSubscription subscription, Func<string, long?, CancellationToken, Task<SubscribeResult>> hub, long connection = 1) =>
        subscription.SubscribeAsync(hub, connection, CancellationToken.None).Within(TestTimeouts.Delivery, "subscribe");

    [Fact]
    public async Task A_replay_that_overlaps_live_events_reaches_the_handler_once_and_in_order()
    {
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);
        // Live 3 and 4 arrive between replayed ones, 6 ahead of the replay's end; 2 and 5 come twice.
        var arrivals = new long[] { 1, 3, 2, 4, 2, 3, 6, 4, 5, 5 }.Select(Events.Seq);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 6, arrivals));
        await _handled.WaitForSeqAsync(6);

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], _handled.Seqs);
        Assert.Equal(4, subscription.RepeatsDropped);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task A_gap_the_hub_fills_within_the_gap_fill_delay_needs_no_history_read()
    {
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 1, [Events.Seq(1)]));

        subscription.OnEvent(Events.Seq(3));
        subscription.OnEvent(Events.Seq(2));
        await _handled.WaitForSeqAsync(3);

        Assert.Equal([1L, 2L, 3L], _handled.Seqs);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task A_gap_the_hub_leaves_open_is_filled_from_history_after_the_gap_fill_delay()
    {
        _api.Add(Events.Range(1, 5));
        var subscription = Subscription(afterSeq: 0, s_shortGapFillDelay);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 2, Events.Range(1, 2)));

        subscription.OnEvent(Events.Seq(5)); // 3 and 4 were lost on the way
        await _handled.WaitForSeqAsync(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], _handled.Seqs);
        Assert.Equal([$"/api/topics/{Events.Topic}/events?after=2&limit=500"], _api.Requests);
    }

    [Fact]
    public async Task A_missing_tail_that_the_hub_reported_is_read_from_history()
    {
        _api.Add(Events.Range(1, 5));
        var subscription = Subscription(afterSeq: 0, s_shortGapFillDelay);

        // The hub says the topic is at 5, but 4 and 5 never arrive and nothing follows them.
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 5, Events.Range(1, 3)));
        await _handled.WaitForSeqAsync(5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], _handled.Seqs);
        Assert.Equal([$"/api/topics/{Events.Topic}/events?after=3&limit=500"], _api.Requests);
    }

    [Fact]
    public async Task A_reset_from_the_hub_hands_the_topic_state_to_OnReset_then_goes_on_after_its_latest_seq()
    {
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 10, Developments = [new TopicDevelopment { Id = "d10", Seq = 10 }] };
        var subscription = Subscription(afterSeq: 2, s_longGapFillDelay);

        // While the state loads, 9 (part of the state) and 11 (after it) arrive live.
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 10, [Events.Seq(9), Events.Seq(11)], reset: true));
        subscription.OnEvent(Events.Seq(12));
        await _handled.WaitForSeqAsync(12);

        Assert.Equal(["reset 10", "event 11", "event 12"], _handled.Calls);
        Assert.Equal("d10", Assert.Single(_handled.Resets).Developments.Single().Id);
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 12, TestTimeouts.Delivery, "LastAppliedSeq to reach 12");
    }

    [Fact]
    public async Task Events_of_a_new_epoch_reload_the_topic_state_instead_of_being_dropped_as_repeats()
    {
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 5, Events.Range(1, 5).Select(e => e with { Epoch = "old" }), epoch: "old"));
        await _handled.WaitForSeqAsync(5);

        // The store went back to seq 2 and started epoch "new": its 3 and 4 are not the 3 and 4 seen before.
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 3, Epoch = "new", Developments = [new TopicDevelopment { Id = "n3", Seq = 3 }] };
        subscription.OnEvent(Events.Seq(3) with { Id = "n3", Epoch = "new" });
        subscription.OnEvent(Events.Seq(4) with { Id = "n4", Epoch = "new" });
        await _handled.WaitForSeqAsync(4);
        subscription.OnEvent(Events.Seq(6) with { Epoch = "old" }); // late, from the epoch left behind
        subscription.OnEvent(Events.Seq(5) with { Id = "n5", Epoch = "new" });
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 5 && _handled.Calls.Count == 8, TestTimeouts.Delivery, "n5 to be applied");

        Assert.Equal(["event 1", "event 2", "event 3", "event 4", "event 5", "reset 3", "event 4", "event 5"], _handled.Calls);
        Assert.Equal(["n4", "n5"], _handled.Events.Skip(5).Select(e => e.Id));
        Assert.Equal("new", subscription.Epoch);
    }

    [Fact]
    public async Task A_position_from_another_epoch_starts_from_the_topic_state_even_without_OnReset()
    {
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 2, Epoch = "new" };
        var subscription = Subscription(afterSeq: 7, s_longGapFillDelay, onReset: false, epoch: "old");

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 2, epoch: "new"));
        subscription.OnEvent(Events.Seq(3) with { Epoch = "new" });
        await _handled.WaitForSeqAsync(3);

        Assert.Equal([3L], _handled.Seqs);
        Assert.Equal([$"/api/topics/{Events.Topic}"], _api.Requests);
        Assert.Equal("new", subscription.Epoch);
    }

    [Fact]
    public async Task A_state_read_before_a_new_epoch_began_is_read_again_rather_than_taking_the_old_epoch_back()
    {
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 10, Epoch = "old" };
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay, epoch: "old");
        _api.AfterStateRead = () =>
        {
            // While the old state is on its way, the store goes back and the new epoch's first event arrives.
            _api.AfterStateRead = null;
            _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 3, Epoch = "new" };
            subscription.OnEvent(Events.Seq(3) with { Epoch = "new" });
        };

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 10, reset: true, epoch: "old"));
        await Eventually.HoldsAsync(() => _handled.Resets.Any(r => r.Epoch == "new"), TestTimeouts.Delivery, "the new epoch's state");
        subscription.OnEvent(Events.Seq(4) with { Epoch = "new" });
        await _handled.WaitForSeqAsync(4);

        Assert.Equal(["reset 3", "event 4"], _handled.Calls);
        Assert.Equal("new", subscription.Epoch);
    }

    [Fact]
    public async Task A_history_page_of_a_new_epoch_reloads_the_topic_state()
    {
        _api.Add(Events.Range(1, 4).Select(e => e with { Epoch = "new" }).ToArray());
        _api.Epoch = "new";
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 4, Epoch = "new" };
        var subscription = Subscription(afterSeq: 0, s_shortGapFillDelay, epoch: "old");

        // The hub still answers for the old epoch (a node that has not seen the change); the gap fill finds it.
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 9, epoch: "old"));
        await Eventually.HoldsAsync(() => _handled.Resets.Count == 1, TestTimeouts.Delivery, "the reset");

        Assert.Equal(["reset 4"], _handled.Calls);
        Assert.Equal([$"/api/topics/{Events.Topic}/events?after=0&limit=500", $"/api/topics/{Events.Topic}"], _api.Requests);
    }

    [Fact]
    public async Task A_reset_found_while_filling_a_gap_from_history_loads_the_topic_state()
    {
        _api.Add(Events.Range(1, 20));
        _api.ResetHistory = true;
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 20 };
        var subscription = Subscription(afterSeq: 2, s_shortGapFillDelay);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 20));
        await Eventually.HoldsAsync(() => _handled.Resets.Count == 1, TestTimeouts.Delivery, "the reset");
        subscription.OnEvent(Events.Seq(21));
        await _handled.WaitForSeqAsync(21);

        Assert.Equal(["reset 20", "event 21"], _handled.Calls);
        Assert.Equal([$"/api/topics/{Events.Topic}/events?after=2&limit=500", $"/api/topics/{Events.Topic}"], _api.Requests);
    }

    [Fact]
    public async Task Loading_the_state_for_a_reset_is_retried_until_it_succeeds()
    {
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 10 };
        _api.StateFailures = 1;
        var subscription = Subscription(afterSeq: 2, s_longGapFillDelay);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 10, reset: true));
        await Eventually.HoldsAsync(() => _handled.Resets.Count == 1, TestTimeouts.Delivery, "the reset");

        Assert.Equal(2, _api.Requests.Count(r => r == $"/api/topics/{Events.Topic}"));
    }

    [Fact]
    public async Task A_reset_without_an_OnReset_callback_goes_on_from_the_latest_seq_without_loading_the_state()
    {
        var subscription = Subscription(afterSeq: 2, s_longGapFillDelay, onReset: false);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 10, reset: true));
        subscription.OnEvent(Events.Seq(11));
        await _handled.WaitForSeqAsync(11);

        Assert.Equal([11L], _handled.Seqs);
        Assert.Empty(_api.Requests);
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 11, TestTimeouts.Delivery, "LastAppliedSeq to reach 11");
    }

    [Fact]
    public async Task A_live_only_subscription_starts_after_the_latest_seq_the_hub_reports()
    {
        var subscription = Subscription(afterSeq: null, s_longGapFillDelay);

        // 5 arrives live between the join and the answer: it is part of what came before.
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 5, [Events.Seq(5)]));
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 5, TestTimeouts.Delivery, "the start position");
        subscription.OnEvent(Events.Seq(6));
        await _handled.WaitForSeqAsync(6);

        Assert.Equal([6L], _handled.Seqs);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task Subscribing_on_a_new_connection_resumes_after_the_last_released_seq_and_only_once_per_connection()
    {
        var afterSeqs = new List<long?>();
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 3, Events.Range(1, 3), afterSeqs: afterSeqs), connection: 1);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 3, afterSeqs: afterSeqs), connection: 1);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 5, Events.Range(2, 5), afterSeqs: afterSeqs), connection: 2);
        await _handled.WaitForSeqAsync(5);

        Assert.Equal([0L, 3L], afterSeqs);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], _handled.Seqs);
    }

    [Fact]
    public async Task Handlers_for_one_topic_never_run_concurrently_even_when_events_arrive_from_many_threads()
    {
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);
        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 0));
        var arrivals = Events.Range(1, 200).Concat(Events.Range(1, 200)).ToArray();
        new Random(7).Shuffle(arrivals);

        Parallel.ForEach(arrivals, new ParallelOptions { MaxDegreeOfParallelism = 4 }, subscription.OnEvent);
        await _handled.WaitForSeqAsync(200);

        Assert.Equal(Enumerable.Range(1, 200).Select(s => (long)s), _handled.Seqs);
        Assert.Equal(1, _handled.MaxConcurrentCalls);
        Assert.Equal(200, subscription.RepeatsDropped);
    }

    [Fact]
    public async Task A_handler_that_throws_is_logged_and_delivery_goes_on_with_the_next_event()
    {
        _handled.During = e => e.Seq == 2 ? throw new InvalidOperationException("the app failed") : ValueTask.CompletedTask;
        var subscription = Subscription(afterSeq: 0, s_longGapFillDelay);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 3, Events.Range(1, 3)));
        await _handled.WaitForSeqAsync(3);

        Assert.Equal([1L, 2L, 3L], _handled.Seqs);
        await Eventually.HoldsAsync(() => subscription.LastAppliedSeq == 3, TestTimeouts.Delivery, "LastAppliedSeq to reach 3");
    }

    [Fact]
    public async Task A_handler_can_dispose_its_own_subscription_and_gets_nothing_after()
    {
        TopicSubscription? subscription = null;
        Task? disposed = null;
        _handled.During = async e =>
        {
            if (e.Seq == 2)
            {
                disposed = subscription!.DisposeAsync().AsTask();
                await disposed;
            }
        };
        subscription = Subscription(afterSeq: 0, s_longGapFillDelay);

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 2, Events.Range(1, 2)));
        await Eventually.HoldsAsync(() => disposed is { IsCompleted: true }, TestTimeouts.Delivery, "the dispose from inside the handler");
        subscription.OnEvent(Events.Seq(3));

        Assert.True(disposed!.IsCompletedSuccessfully);
        Assert.Equal([1L, 2L], _handled.Seqs);
    }

    [Fact]
    public async Task History_and_state_reads_carry_the_access_token_as_a_bearer_header()
    {
        _api.Add(Events.Range(1, 3));
        _api.State = new TopicSnapshot { Topic = Events.Topic, LatestSeq = 3 };
        var subscription = Subscription(afterSeq: 0, s_shortGapFillDelay, token: _ => ValueTask.FromResult<string?>("reader-token"));

        await SubscribeAsync(subscription, Hub(subscription, latestSeq: 3, [Events.Seq(1)]));
        await _handled.WaitForSeqAsync(3);

        Assert.Equal(["Bearer reader-token"], _api.Authorizations);
    }
}
