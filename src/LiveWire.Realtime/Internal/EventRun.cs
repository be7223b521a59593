using LiveWire.Contracts;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// Several events of one topic, in <c>seq</c> order, handed to SignalR as the one argument of one group send.
/// <see cref="EventRunHubProtocol"/> writes it as one <c>event</c> message per event, one after another: readers see
/// exactly what separate sends would have given them, and each connection gets the run in one write.
/// </summary>
internal sealed class EventRun(IReadOnlyList<TimelineEvent> events)
{
    /// <summary>The events, in <c>seq</c> order.</summary>
    public IReadOnlyList<TimelineEvent> Events { get; } = events;
}
