namespace LiveWire.Realtime.Internal;

/// <summary>One connection's subscription to one topic.</summary>
internal sealed class SubscriptionState(string topic, long ackedSeq)
{
    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>
    /// The highest seq this connection has acknowledged, starting where it subscribed: an ack counts each event
    /// once per connection, and never one from before the subscription or beyond the topic's latest.
    /// </summary>
    public long AckedSeq { get; set; } = ackedSeq;
}
