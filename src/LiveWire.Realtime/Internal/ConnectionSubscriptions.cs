namespace LiveWire.Realtime.Internal;

/// <summary>
/// The topics one hub connection has subscribed to, and its budget of subscribe calls. Every reader has one, and
/// most hold one topic or a few (never more than <c>MaxSubscriptionsPerConnection</c>), so the subscriptions are a
/// short array of values searched in order: a dictionary would cost each reader three objects and some 200 bytes for
/// one topic. Not thread-safe: SignalR runs one connection's hub calls one at a time.
/// </summary>
internal sealed class ConnectionSubscriptions(int callBurst, long createdAt)
{
    private SubscriptionState[] _subscriptions = [];

    /// <summary>The budget of Subscribe and Unsubscribe calls, full when the connection makes its first.</summary>
    public CallBudget Budget = new(callBurst, createdAt);

    /// <summary>How many topics the connection holds.</summary>
    public int Count => _subscriptions.Length;

    /// <summary>The topics the connection holds.</summary>
    public IEnumerable<string> Topics => _subscriptions.Select(subscription => subscription.Topic);

    /// <summary>Whether the connection holds <paramref name="topic"/>.</summary>
    public bool Holds(string topic) => IndexOf(topic) >= 0;

    /// <summary>The highest seq the connection acknowledged on <paramref name="topic"/>, if it holds the topic.</summary>
    public bool TryGetAckedSeq(string topic, out long ackedSeq)
    {
        var index = IndexOf(topic);
        ackedSeq = index < 0 ? 0 : _subscriptions[index].AckedSeq;
        return index >= 0;
    }

    /// <summary>Moves the acknowledged seq of <paramref name="topic"/> to <paramref name="ackedSeq"/>, if the connection still holds it.</summary>
    public void SetAckedSeq(string topic, long ackedSeq)
    {
        var index = IndexOf(topic);
        if (index >= 0)
        {
            _subscriptions[index] = _subscriptions[index] with { AckedSeq = ackedSeq };
        }
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
