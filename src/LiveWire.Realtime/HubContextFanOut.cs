using System.Collections.Concurrent;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Timeline;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime;

/// <summary>
/// Fans events out to a topic's group. SignalR serializes the message once per protocol, not per connection; with
/// the Redis backplane it is published once and every node writes it to its own readers. A topic's sends go one at a
/// time, and events that arrive while one is being written go together in the next (<see cref="TopicSendQueue"/>).
/// </summary>
public sealed class HubContextFanOut(IHubContext<LiveHub> hub) : IFanOut
{
    private readonly ConcurrentDictionary<string, TopicSendQueue> _topics = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        _topics.GetOrAdd(timelineEvent.Topic, static (topic, fanOut) => new TopicSendQueue(events => fanOut.SendAsync(topic, events)), this)
            .SendAsync(timelineEvent, cancellationToken);

    private Task SendAsync(string topic, IReadOnlyList<TimelineEvent> events) =>
        hub.Clients.Group(TopicGroups.For(topic)).SendAsync(
            LiveHub.EventMethod,
            events.Count == 1 ? events[0] : new EventRun(events),
            CancellationToken.None);
}
