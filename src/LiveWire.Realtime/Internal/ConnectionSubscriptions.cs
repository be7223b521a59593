namespace LiveWire.Realtime.Internal;

/// <summary>The topics one hub connection has subscribed to, and its budget of subscribe calls.</summary>
internal sealed class ConnectionSubscriptions
{
    /// <summary>The subscriptions, by topic. Hub calls of one connection run one at a time.</summary>
    public Dictionary<string, SubscriptionState> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>The budget of Subscribe and Unsubscribe calls, once the connection has made one.</summary>
    public CallBudget? Budget { get; set; }
}
