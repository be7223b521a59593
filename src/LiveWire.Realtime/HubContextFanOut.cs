using System.Collections.Concurrent;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Timeline;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime;

/// <summary>
/// Fans events out to a topic's group. SignalR serializes the message once per protocol, not per connection; with
/// the Redis backplane it is published once and every node writes it to its own readers. A topic's sends go one
/// after another, and events that arrive while one is being written go together in the next
/// (<see cref="TopicSendQueue"/>).
/// </summary>
public sealed class HubContextFanOut : IFanOut
{
    private readonly IHubContext<LiveHub> _hub;
    private readonly bool _protocolsWriteRuns;
    private readonly ConcurrentDictionary<string, TopicSendQueue> _topics = new(StringComparer.Ordinal);

    /// <summary>Creates the fan-out over <paramref name="hub"/>.</summary>
    /// <param name="hub">The hub's context.</param>
    /// <param name="protocols">
    /// The hub protocols. A run goes as one message only when every protocol writes it as separate events (a protocol
    /// registered after LiveWire's would not); otherwise each event of a run goes in a send of its own.
    /// </param>
    public HubContextFanOut(IHubContext<LiveHub> hub, IHubProtocolResolver protocols)
    {
        _hub = hub;
        _protocolsWriteRuns = protocols.AllProtocols.All(protocol => protocol is EventRunHubProtocol);
    }

    /// <inheritdoc />
    public Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        _topics.GetOrAdd(timelineEvent.Topic, static (topic, fanOut) => new TopicSendQueue(events => fanOut.SendAsync(topic, events)), this)
            .SendAsync(timelineEvent, cancellationToken);

    // A run carries several callers' events, so no one caller's cancellation stops it (a caller that gives up stops
    // waiting; PublishAsync takes its token).
    private async Task SendAsync(string topic, IReadOnlyList<TimelineEvent> events)
    {
        var group = _hub.Clients.Group(TopicGroups.For(topic));
        if (events.Count == 1 || _protocolsWriteRuns)
        {
            await group.SendAsync(LiveHub.EventMethod, events.Count == 1 ? events[0] : new EventRun(events), CancellationToken.None);
            return;
        }

        foreach (var timelineEvent in events)
        {
            await group.SendAsync(LiveHub.EventMethod, timelineEvent, CancellationToken.None);
        }
    }
}
