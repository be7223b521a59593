using LiveWire.Contracts;

namespace LiveWire.Client.Internal;

/// <summary>
/// One item of a subscription's delivery queue, in order: an event for the handler, or a reset (a state for
/// <see cref="SubscribeOptions.OnReset"/>, or just a new position when there is no such callback).
/// </summary>
/// <param name="Seq">The position once the item is applied.</param>
/// <param name="Event">The event, or null for a reset.</param>
/// <param name="Snapshot">The state a reset loaded, or null.</param>
/// <param name="ReleasedAt">
/// When the sequencer released the event (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): its receipt, or
/// the end of the gap it waited behind. An ack's <c>heldMs</c> counts from here, so a held-back event's wait counts
/// as delivery time.
/// </param>
internal readonly record struct Delivery(long Seq, TimelineEvent? Event, TopicSnapshot? Snapshot, long ReleasedAt)
{
    /// <summary>An event for the handler, released at <paramref name="releasedAt"/>.</summary>
    public static Delivery Of(TimelineEvent liveEvent, long releasedAt) => new(liveEvent.Seq, liveEvent, null, releasedAt);

    /// <summary>A reset to <paramref name="position"/>, with the state loaded for it when there is one.</summary>
    public static Delivery ResetTo(long position, TopicSnapshot? snapshot) => new(position, null, snapshot, 0);
}
