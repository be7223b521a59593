using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using LiveWire.Core.Security;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Topics;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime;

/// <summary>
/// The hub readers connect to at <c>/hubs/live</c>. Hubs are transient: what a connection subscribed to lives in
/// one of the connection's features, and a reconnecting client subscribes again.
/// </summary>
public sealed class LiveHub(
    ITimelineStore store,
    IOptions<HubLimitsOptions> limits,
    IOptions<TimelineOptions> timeline,
    IOptions<AckOptions> delivery,
    ReaderTally readers,
    EventTimes eventTimes,
    DeliveryAggregator deliveries,
    TimeProvider timeProvider,
    LiveWireMetrics metrics,
    SubscribeRateLimiter addressBudget) : Hub
{
    /// <summary>The client method every event arrives on.</summary>
    public const string EventMethod = "event";

    /// <summary>
    /// Joins <paramref name="topic"/>, then sends every retained event with <c>seq</c> above
    /// <paramref name="afterSeq"/> as <see cref="EventMethod"/> messages before it returns. With
    /// <paramref name="afterSeq"/> null the reader gets live events only.
    /// </summary>
    /// <remarks>
    /// The reader joins the group before the replay, so no event falls between the two; an event may then arrive
    /// twice or ahead of a replayed one, which the official clients sort out by <c>seq</c>.
    /// </remarks>
    public async Task<SubscribeResult> Subscribe(string topic, long? afterSeq)
    {
        var subscriptions = TakeSubscribeCall();
        if (!TopicName.IsValid(topic))
        {
            throw HubErrors.Create(HubErrorCodes.InvalidTopic, "a topic is 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }

        if (afterSeq < 0)
        {
            throw HubErrors.Create(HubErrorCodes.InvalidArgument, "afterSeq must be 0 or more, or null for live events only");
        }

        if (TopicAccess.ExpiresAt(Context.User) is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            throw HubErrors.Create(HubErrorCodes.TokenExpired, "the connection's token has expired; connect again with a new one");
        }

        if (!TopicAccess.CanRead(Context.User, topic))
        {
            throw HubErrors.Create(HubErrorCodes.Forbidden, $"the token does not grant '{topic}'");
        }

        var maxSubscriptions = limits.Value.MaxSubscriptionsPerConnection;
        if (!subscriptions.Holds(topic) && subscriptions.Count >= maxSubscriptions)
        {
            throw HubErrors.Create(HubErrorCodes.TooManySubscriptions, $"a connection may hold {maxSubscriptions} subscriptions");
        }

        // The connection is counted before it joins the group, and its acks count only from the latest seq read after
        // that: so every event it may ack was either counted as written to it on this node (FanOutNotices, or the
        // local fan-out), or is replayed below and counted here. Acks never outnumber subscribers in a report.
        var cancellationToken = Context.ConnectionAborted;
        bool joined;
        lock (subscriptions)
        {
            // The connection may have gone already; then it counts no reader. Its acks wait for the seq read below.
            joined = subscriptions.TryAdd(topic, long.MaxValue);
            if (joined)
            {
                readers.Add(topic);
                metrics.SubscriptionsChanged(1);
            }
        }

        long latestSeq;
        try
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, TopicGroups.For(topic), cancellationToken);
            latestSeq = await store.GetLatestSeqAsync(topic, cancellationToken);
        }
        catch when (joined)
        {
            Leave(subscriptions, topic);
            throw;
        }

        if (joined)
        {
            lock (subscriptions)
            {
                subscriptions.SetAckedSeq(topic, Math.Min(afterSeq ?? latestSeq, latestSeq));
            }
        }

        if (afterSeq is not { } after)
        {
            // Read for the epoch alone; the events it may hold came after latestSeq and reach the reader live.
            var position = await store.ReadAsync(topic, latestSeq, 1, cancellationToken);
            return new SubscribeResult(topic, latestSeq, 0, false, position.Epoch);
        }

        var replayed = 0;
        while (true)
        {
            var page = await store.ReadAsync(topic, after, timeline.Value.MaxPageSize, cancellationToken);
            if (page.Reset)
            {
                // Nothing replayed: the connection may ack only what reaches it live.
                if (joined)
                {
                    lock (subscriptions)
                    {
                        subscriptions.SetAckedSeq(topic, latestSeq);
                    }
                }

                metrics.Resumed(reset: true);
                return new SubscribeResult(topic, page.LatestSeq, replayed, true, page.Epoch);
            }

            foreach (var replay in page.Events)
            {
                await Clients.Caller.SendAsync(EventMethod, replay, cancellationToken);

                // Events after latestSeq reach the connection live as well, and were counted there.
                if (joined && replay.Seq <= latestSeq)
                {
                    deliveries.Written(topic, replay.Seq, 1);
                }
            }

            replayed += page.Events.Count;
            metrics.Replayed(page.Events.Count);
            if (page.Events.Count == 0 || page.Events[^1].Seq >= page.LatestSeq)
            {
                metrics.Resumed(reset: false);
                return new SubscribeResult(topic, page.LatestSeq, replayed, false, page.Epoch);
            }

            after = page.Events[^1].Seq;
        }
    }

    /// <summary>
    /// A delivery receipt for every event of <paramref name="topic"/> up to <paramref name="seq"/>;
    /// <paramref name="heldMs"/> says how long the client held the ack after it received <paramref name="seq"/>
    /// (clients batch acks, at most one per topic per second). Acks for a topic the connection does not hold, for
    /// events it already acknowledged, beyond the topic's latest event, or past the connection's ack rate
    /// (<see cref="HubLimitsOptions.AcksPerSecond"/>) count for nothing, and none of them reads an event.
    /// </summary>
    public async Task Ack(string topic, long seq, int heldMs)
    {
        var received = timeProvider.GetUtcNow();
        var subscriptions = ConnectionSubscriptions.Find(Context);
        if (subscriptions is null || !subscriptions.TryGetAckedSeq(topic, out var ackedUpTo) || seq <= ackedUpTo)
        {
            return;
        }

        var options = limits.Value;
        if (!subscriptions.AckBudget.TryTake(options.AcksPerSecond, options.AckBurst, timeProvider.GetTimestamp(), timeProvider, out _))
        {
            metrics.InputRejected(HubErrorCodes.RateLimited);
            return;
        }

        var held = Math.Clamp(heldMs, 0, delivery.Value.MaxHeldMilliseconds);
        var acknowledged = await eventTimes.GetAsync(topic, ackedUpTo, seq, Context.ConnectionAborted);
        foreach (var (ackedSeq, acceptedAt) in acknowledged)
        {
            var latency = Math.Max(0, (received - acceptedAt).TotalMilliseconds - held);
            deliveries.Record(topic, ackedSeq, latency);
            metrics.Delivered(latency);
        }

        if (acknowledged.Count > 0)
        {
            subscriptions.SetAckedSeq(topic, acknowledged[^1].Seq);
        }
    }

    /// <summary>Leaves <paramref name="topic"/>.</summary>
    public async Task Unsubscribe(string topic)
    {
        var subscriptions = TakeSubscribeCall();
        if (!TopicName.IsValid(topic))
        {
            throw HubErrors.Create(HubErrorCodes.InvalidTopic, "a topic is 1 to 64 characters of a-z, 0-9 and '-', not starting or ending with '-'");
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, TopicGroups.For(topic), Context.ConnectionAborted);
        Leave(subscriptions, topic);
    }

    private void Leave(ConnectionSubscriptions subscriptions, string topic)
    {
        lock (subscriptions)
        {
            if (subscriptions.Remove(topic))
            {
                readers.Remove(topic);
                metrics.SubscriptionsChanged(-1);
            }
        }
    }

    // Subscribe and Unsubscribe read the timeline and change groups across the backplane, so one connection may make
    // only so many a second (HubLimitsOptions.HubCallsPerSecond, HubCallBurst), and so may all connections from one client
    // address (SubscribesPerSecondPerAddress); past that a call fails with rate-limited: and changes nothing. Checked here rather than in a hub filter, which SignalR would run on every call, acks too.
    private ConnectionSubscriptions TakeSubscribeCall()
    {
        var options = limits.Value;
        var now = timeProvider.GetTimestamp();
        var subscriptions = ConnectionSubscriptions.Of(Context, options.HubCallBurst, options.AckBurst, now);
        if (!subscriptions.Budget.TryTake(options.HubCallsPerSecond, options.HubCallBurst, now, timeProvider, out var retryAfter)
            || !addressBudget.TryTake(ClientAddresses.PartitionOf(Context.GetHttpContext()?.Connection.RemoteIpAddress), out retryAfter))
        {
            metrics.InputRejected(HubErrorCodes.RateLimited);
            throw HubErrors.Create(
                HubErrorCodes.RateLimited,
                $"more than {options.HubCallsPerSecond} subscribe calls a second; retry in {Math.Ceiling(retryAfter.TotalMilliseconds)} ms");
        }

        return subscriptions;
    }

    /// <inheritdoc />
    public override Task OnConnectedAsync()
    {
        metrics.ConnectionsChanged(1);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (ConnectionSubscriptions.Find(Context) is { } subscriptions)
        {
            lock (subscriptions)
            {
                var topics = subscriptions.Close();
                foreach (var topic in topics)
                {
                    readers.Remove(topic);
                }

                metrics.SubscriptionsChanged(-topics.Length);
            }
        }

        metrics.ConnectionsChanged(-1);
        return Task.CompletedTask;
    }
}
