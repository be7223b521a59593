using System.Collections.Concurrent;
using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Presence;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace LiveWire.Realtime;

/// <summary>
/// Fans events out to a topic's group. SignalR serializes the message once per protocol, not per connection; with
/// the Redis backplane it is published once and every node writes it to its own readers. A topic's sends go one
/// after another, and events that arrive while one is being written go together in the next
/// (<see cref="TopicSendQueue"/>).
/// </summary>
/// <remarks>
/// Without a backplane a group send writes to this node's connections, and its task completes when the last of them
/// has taken the message: a reader that stopped reading would hold up the commit that awaits it. So a local send is
/// handed to every connection and not awaited (each connection's writes stay in order; one that stays stuck is
/// aborted by the <see cref="OutboundGuard"/>). With a backplane the send is a publish to Redis, which is awaited:
/// a publish that fails fails the commit, and the bus delivers the change again.
/// </remarks>
public sealed partial class HubContextFanOut : IFanOut
{
    private readonly IHubContext<LiveHub> _hub;
    private readonly bool _protocolsWriteRuns;
    private readonly bool _sendsWriteLocally;
    private readonly ReaderTally _readers;
    private readonly DeliveryAggregator _deliveries;
    private readonly ILogger<HubContextFanOut> _logger;
    private readonly ConcurrentDictionary<string, TopicSendQueue> _topics = new(StringComparer.Ordinal);

    /// <summary>Creates the fan-out over <paramref name="hub"/>.</summary>
    /// <param name="hub">The hub's context.</param>
    /// <param name="lifetimeManager">SignalR's lifetime manager: the default one writes to this node's connections only.</param>
    /// <param name="protocols">
    /// The hub protocols. A run goes as one message only when every protocol writes it as separate events (a protocol
    /// registered after LiveWire's would not); otherwise each event of a run goes in a send of its own.
    /// </param>
    /// <param name="readers">This node's readers per topic: without a backplane, the connections a send writes to.</param>
    /// <param name="deliveries">Where, without a backplane, the connections each event was written to are counted.</param>
    /// <param name="logger">Where failed local sends are reported.</param>
    public HubContextFanOut(
        IHubContext<LiveHub> hub,
        HubLifetimeManager<LiveHub> lifetimeManager,
        IHubProtocolResolver protocols,
        ReaderTally readers,
        DeliveryAggregator deliveries,
        ILogger<HubContextFanOut> logger)
    {
        _readers = readers;
        _deliveries = deliveries;
        _hub = hub;
        _sendsWriteLocally = lifetimeManager is DefaultHubLifetimeManager<LiveHub>;
        _protocolsWriteRuns = protocols.AllProtocols.All(protocol => protocol is EventRunHubProtocol);
        _logger = logger;
    }

    /// <inheritdoc />
    public Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken) =>
        _topics.GetOrAdd(timelineEvent.Topic, static (topic, fanOut) => new TopicSendQueue(events => fanOut.SendAsync(topic, events)), this)
            .SendAsync(timelineEvent, cancellationToken);

    // A run carries several callers' events, so no one caller's cancellation stops it (a caller that gives up stops
    // waiting; PublishAsync takes its token).
    private async Task SendAsync(string topic, IReadOnlyList<TimelineEvent> events)
    {
        // A local send writes to this node's readers of the topic, as counted now; with a backplane, every node counts
        // its own when it hears of the event (FanOutNotices in LiveWire.Redis).
        if (_sendsWriteLocally)
        {
            var readers = _readers.Of(topic);
            foreach (var timelineEvent in events)
            {
                _deliveries.Written(topic, timelineEvent.Seq, readers);
            }
        }

        var group = _hub.Clients.Group(TopicGroups.For(topic));
        if (events.Count == 1 || _protocolsWriteRuns)
        {
            await Sent(group.SendAsync(LiveHub.EventMethod, events.Count == 1 ? events[0] : new EventRun(events), CancellationToken.None), topic);
            return;
        }

        foreach (var timelineEvent in events)
        {
            await Sent(group.SendAsync(LiveHub.EventMethod, timelineEvent, CancellationToken.None), topic);
        }
    }

    // What the caller waits for: the send itself when it leaves the process, nothing when it is this node's sockets.
    private Task Sent(Task sending, string topic)
    {
        if (!_sendsWriteLocally || sending.IsCompletedSuccessfully)
        {
            return sending;
        }

        _ = ReportFailureAsync(sending, topic);
        return Task.CompletedTask;
    }

    private async Task ReportFailureAsync(Task sending, string topic)
    {
        try
        {
            await sending;
        }
        catch (Exception exception)
        {
            Log.LocalSendFailed(_logger, exception, topic);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3102, LogLevel.Warning, "A send to this node's readers of {Topic} failed; they see the gap and read it from the timeline")]
        public static partial void LocalSendFailed(ILogger logger, Exception exception, string topic);
    }
}
