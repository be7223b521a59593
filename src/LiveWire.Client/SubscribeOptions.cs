using LiveWire.Contracts;

namespace LiveWire.Client;

/// <summary>Where a subscription starts, and what to do when its position is gone from history.</summary>
public sealed class SubscribeOptions
{
    /// <summary>
    /// The last seq the application has applied: events after it are delivered first, from history. 0 delivers the
    /// topic from its beginning (or its state through <see cref="OnReset"/>, when the beginning is no longer
    /// retained). Null (the default): live events only, from the subscription on.
    /// </summary>
    public long? AfterSeq { get; set; }

    /// <summary>
    /// The epoch <see cref="AfterSeq"/> belongs to (<see cref="LiveWireSubscription.Epoch"/>, kept with it). When the
    /// topic is on another epoch, the position means nothing there and the subscription starts from the topic's state
    /// (<see cref="OnReset"/>). Null (the default): the position belongs to whatever epoch the topic is on.
    /// </summary>
    public string? Epoch { get; set; }

    /// <summary>
    /// Called, in order with the events, when the events after the application's position are no longer retained
    /// (LiveWire keeps the last 1,000 events and 7 days of a topic by default) or the position is ahead of the topic.
    /// It gets the topic's current state (<c>GET /api/topics/{topic}</c>); the application should replace what it shows
    /// with it. Delivery then goes on with the event after <see cref="TopicSnapshot.LatestSeq"/>. Null (the default):
    /// the client does not load the state, and goes on from the topic's latest seq, skipping what it cannot replay.
    /// </summary>
    public Func<TopicSnapshot, CancellationToken, ValueTask>? OnReset { get; set; }
}
