using LiveWire.Core.Ingestion;
using LiveWire.Core.Timeline;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime;

/// <summary>
/// Fans events out to a topic's group. SignalR serializes the message once per protocol, not per connection; with
/// the Redis backplane it is published once and every node writes it to its own readers.
/// </summary>
public sealed class HubContextFanOut(IHubContext<LiveHub> hub) : IFanOut
{
    /// <inheritdoc />
    public Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        hub.Clients.Group(TopicGroups.For(timelineEvent.Topic))
            .SendAsync(LiveHub.EventMethod, timelineEvent, cancellationToken);
}
