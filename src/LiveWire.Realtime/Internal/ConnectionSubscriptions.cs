namespace LiveWire.Realtime.Internal;

/// <summary>
/// The topics one hub connection has subscribed to, and its budget of subscribe calls. Every reader has one, and
/// most hold one topic or a few (never more than <c>MaxSubscriptionsPerConnection</c>), so the subscriptions are a
/// short array searched in order: a dictionary would cost each reader three objects and some 200 bytes for one
/// topic. Not thread-safe: SignalR runs one connection's hub calls one at a time.
/// </summary>
internal sealed class ConnectionSubscriptions
{
    private SubscriptionState[] _subscriptions = [];

    /// <summary>How many topics the connection holds.</summary>
    public int Count => _subscriptions.Length;

    /// <summary>The topics the connection holds.</summary>
    public IEnumerable<string> Topics => _subscriptions.Select(subscription => subscription.Topic);

    /// <summary>The budget of Subscribe and Unsubscribe calls, once the connection has made one.</summary>
    public CallBudget? Budget { get; set; }

    /// <summary>The subscription to <paramref name="topic"/>, or null.</summary>
    public SubscriptionState? Find(string topic)
    {
        var index = IndexOf(topic);
        return index < 0 ? null : _subscriptions[index];
    }

    /// <summary>Adds a subscription to <paramref name="topic"/> unless the connection holds one already.</summary>
    public bool TryAdd(string topic, long ackedSeq)
    {
        if (IndexOf(topic) >= 0)
        {
            return false;
        }

        _subscriptions = [.. _subscriptions, new SubscriptionState(topic, ackedSeq)];
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

        _subscriptions = [.. _subscriptions[..index], .. _subscriptions[(index + 1)..]];
        return true;
    }

    private int IndexOf(string topic)
    {
        for (var i = 0; i < _subscriptions.Length; i++)
        {
            if (string.Equals(_subscriptions[i].Topic, topic, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
