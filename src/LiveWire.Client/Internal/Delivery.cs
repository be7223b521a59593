namespace LiveWire.Client.Internal;

/// <summary>
/// One item of a subscription's delivery queue, in order: an event for the handler, or a reset (a state for
/// <see cref="SubscribeOptions.OnReset"/>, or just a new position when there is no such callback).
/// </summary>
/// <param name="Seq">The position once the item is applied.</param>
/// <param name="Event">The event, or null for a reset.</param>
/// <param name="Snapshot">The state a reset loaded, or null.</param>
internal readonly record struct Delivery(long Seq, LiveEvent? Event, TopicSnapshot? Snapshot)
{
    /// <summary>An event for the handler.</summary>
    public static Delivery Of(LiveEvent liveEvent) => new(liveEvent.Seq, liveEvent, null);

    /// <summary>A reset to <paramref name="position"/>, with the state loaded for it when there is one.</summary>
    public static Delivery ResetTo(long position, TopicSnapshot? snapshot) => new(position, null, snapshot);
}
