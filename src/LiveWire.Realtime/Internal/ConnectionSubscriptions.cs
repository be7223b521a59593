using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// The topics one hub connection has subscribed to, and its budget of subscribe calls, kept as a feature of the
/// connection. Every reader has one, and most hold one topic or a few (never more than
/// <c>MaxSubscriptionsPerConnection</c>), so the first subscription is a field and the others a short array searched
/// in order: a reader of one topic costs this one object. Not thread-safe: SignalR runs one connection's hub calls
/// one at a time, but it may run <c>OnDisconnectedAsync</c> while a call is still at an <c>await</c>, so the hub
/// locks the object where a call and the disconnect meet (<see cref="TryAdd"/>, <see cref="Remove"/>,
/// <see cref="Close"/>), and a closed connection takes no new subscription.
/// </summary>
/// <remarks>
/// A feature rather than an entry in a node-wide dictionary by connection id: on ASP.NET Core 10 a connection's
/// feature table holds 12 features in 17 slots (measured: <c>docs/benchmarks.md</c>, the heap census), so the feature
/// costs nothing beside the object, where a dictionary entry costs a node and bucket room for every reader.
/// </remarks>
internal sealed class ConnectionSubscriptions(int callBurst, int ackBurst, long createdAt)
{
    // While _first.Topic is null, _others is empty.
    private SubscriptionState _first;
    private SubscriptionState[] _others = [];
    private bool _closed;

    /// <summary>The budget of Subscribe and Unsubscribe calls, full when the connection makes its first.</summary>
    public CallBudget Budget = new(callBurst, createdAt);

    /// <summary>The budget of acks, full when the connection subscribes for the first time.</summary>
    public CallBudget AckBudget = new(ackBurst, createdAt);

    /// <summary>How many topics the connection holds.</summary>
    public int Count => _first.Topic is null ? 0 : 1 + _others.Length;

    /// <summary>The topics the connection holds, as they are now.</summary>
    public string[] Topics
    {
        get
        {
            var (first, others) = (_first, _others);
            return first.Topic is null ? [] : [first.Topic, .. others.Select(subscription => subscription.Topic)];
        }
    }

    /// <summary>
    /// The subscriptions of the connection behind <paramref name="context"/>, made on first use at
    /// <paramref name="now"/> with full budgets of <paramref name="callBurst"/> calls and <paramref name="ackBurst"/> acks.
    /// </summary>
    public static ConnectionSubscriptions Of(HubCallerContext context, int callBurst, int ackBurst, long now)
    {
        if (Find(context) is { } subscriptions)
        {
            return subscriptions;
        }

        subscriptions = new ConnectionSubscriptions(callBurst, ackBurst, now);
        context.Features.Set(subscriptions);
        return subscriptions;
    }

    /// <summary>The subscriptions of the connection behind <paramref name="context"/>, or null when it has made no subscribe call.</summary>
    public static ConnectionSubscriptions? Find(HubCallerContext context) => context.Features.Get<ConnectionSubscriptions>();

    /// <summary>Whether the connection holds <paramref name="topic"/>.</summary>
    public bool Holds(string topic) => IndexOf(topic) >= 0;

    /// <summary>The highest seq the connection acknowledged on <paramref name="topic"/>, if it holds the topic.</summary>
    public bool TryGetAckedSeq(string topic, out long ackedSeq)
    {
        var index = IndexOf(topic);
        ackedSeq = index < 0 ? 0 : At(index).AckedSeq;
        return index >= 0;
    }

    /// <summary>Moves the acknowledged seq of <paramref name="topic"/> to <paramref name="ackedSeq"/>, if the connection still holds it.</summary>
    public void SetAckedSeq(string topic, long ackedSeq)
    {
        var index = IndexOf(topic);
        if (index >= 0)
        {
            ref var subscription = ref At(index);
            subscription = subscription with { AckedSeq = ackedSeq };
        }
    }

    /// <summary>Adds a subscription to <paramref name="topic"/> unless the connection holds one already or has closed.</summary>
    public bool TryAdd(string topic, long ackedSeq)
    {
        if (_closed || IndexOf(topic) >= 0)
        {
            return false;
        }

        if (_first.Topic is null)
        {
            _first = new SubscriptionState(topic, ackedSeq);
        }
        else
        {
            _others = [.. _others, new SubscriptionState(topic, ackedSeq)];
        }

        return true;
    }

    /// <summary>Removes the subscription to <paramref name="topic"/>, if the connection holds one.</summary>
    public bool Remove(string topic)
    {
        var index = IndexOf(topic);
        if (index < 0)
        {
            return false;
        }

        if (index > 0)
        {
            _others = _others.Length == 1 ? [] : [.. _others.AsSpan(0, index - 1), .. _others.AsSpan(index)];
        }
        else if (_others.Length == 0)
        {
            _first = default;
        }
        else
        {
            _first = _others[0];
            _others = _others[1..];
        }

        return true;
    }

    /// <summary>Ends every subscription of a connection that has gone; it takes no new one.</summary>
    /// <returns>The topics it held.</returns>
    public string[] Close()
    {
        var topics = Topics;
        (_first, _others, _closed) = (default, [], true);
        return topics;
    }

    // Index 0 is _first, index i > 0 is _others[i - 1].
    private ref SubscriptionState At(int index) => ref index == 0 ? ref _first : ref _others[index - 1];

    private int IndexOf(string topic)
    {
        if (_first.Topic is null)
        {
            return -1;
        }

        if (string.Equals(_first.Topic, topic, StringComparison.Ordinal))
        {
            return 0;
        }

        for (var i = 0; i < _others.Length; i++)
        {
            if (string.Equals(_others[i].Topic, topic, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return -1;
    }
}
