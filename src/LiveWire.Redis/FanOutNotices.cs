using LiveWire.Core.Delivery;
using LiveWire.Core.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Counts, for every event fanned out anywhere in the cluster, this node's readers of its topic at the moment the
/// node hears of it, and gathers the count with the node's acks (<see cref="DeliveryAggregator.Written"/>), so a
/// delivery report's <c>subscribers</c> is the sum of what each node wrote the event to.
/// </summary>
/// <remarks>
/// With the backplane, the node that writes an event to its readers is not the one that sends it, and SignalR's Redis
/// lifetime manager writes to its local group without telling anyone how many. The notice on
/// <see cref="RedisKeys.FanOuts"/> is published with the fan-out record, just before the event goes to the backplane,
/// over the same process connection, so a node hears of it as its readers get it. The node's reader tally holds a
/// connection from before it joins the topic's group until it leaves it (<c>LiveHub.Subscribe</c>), and a connection
/// may ack only events after the topic's latest seq read once it is counted: an event this node heard of before
/// counting the connection was committed before that read, so the connection cannot ack it (unless the hub
/// replays it to the connection, and then the hub counts that write). Hence acks ≤ subscribers.
/// Like the backplane, a notice sent while this node is cut off from Redis is lost: the report then undercounts.
/// </remarks>
public sealed partial class FanOutNotices(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    ReaderTally tally,
    DeliveryAggregator deliveries,
    ILogger<FanOutNotices> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private ChannelMessageQueue? _queue;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Once subscribed, the multiplexer subscribes again by itself after a reconnect; until then (Redis down at
        // start), keep trying.
        while (_queue is null)
        {
            try
            {
                _queue = await redis.GetSubscriber().SubscribeAsync(keys.FanOuts());
                _queue.OnMessage(message => Count(message.Message));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SubscribeFailed(logger, exception);
                await Task.Delay(RetryInterval, stoppingToken);
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_queue is { } queue)
        {
            await queue.UnsubscribeAsync();
        }
    }

    private void Count(RedisValue notice)
    {
        var text = (string?)notice;
        var separator = text?.LastIndexOf('|') ?? -1;
        if (separator <= 0 || !long.TryParse(text.AsSpan(separator + 1), out var seq))
        {
            return;
        }

        var topic = text![..separator];
        deliveries.Written(topic, seq, tally.Of(topic));
    }

    private static partial class Log
    {
        [LoggerMessage(2002, LogLevel.Warning, "Could not subscribe to the fan-out notices; delivery reports miss this node's readers until it can")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);
    }
}
