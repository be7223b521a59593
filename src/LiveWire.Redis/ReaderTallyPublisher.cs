using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Publishes this node's reader tally and its number of connections every <see cref="PresenceOptions.PublishInterval"/>:
/// both are replaced and given an expiry of three intervals, so a node that dies stops counting on its own.
/// </summary>
public sealed partial class ReaderTallyPublisher(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    ReaderTally tally,
    IOptions<PresenceOptions> options,
    ILogger<ReaderTallyPublisher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PublishInterval;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await PublishAsync(interval);
            }
            // Whatever Redis throws (a slow one a RedisTimeoutException, which is no RedisException) must not end the
            // service: that would stop the whole host, as with the node's other loops.
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.PublishFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // A node that stops cleanly stops counting at once.
            var database = redis.GetDatabase();
            await database.KeyDeleteAsync([keys.Readers(tally.NodeId), keys.Connections(tally.NodeId)]);
            await database.SortedSetRemoveAsync(keys.Nodes(), tally.NodeId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.PublishFailed(logger, exception);
        }
    }

    private async Task PublishAsync(TimeSpan interval)
    {
        var readers = keys.Readers(tally.NodeId);
        var entries = tally.Snapshot().Select(pair => new HashEntry(pair.Key, pair.Value)).ToArray();
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.KeyDeleteAsync(readers);
        if (entries.Length > 0)
        {
            _ = transaction.HashSetAsync(readers, entries);
            _ = transaction.KeyExpireAsync(readers, 3 * interval);
        }

        _ = tally.Draining
            ? transaction.KeyDeleteAsync(keys.Connections(tally.NodeId))
            : transaction.StringSetAsync(keys.Connections(tally.NodeId), tally.Connections, 3 * interval);
        var now = DateTimeOffset.UtcNow;
        _ = transaction.SortedSetAddAsync(keys.Nodes(), tally.NodeId, now.ToUnixTimeMilliseconds());

        // A node that died without stopping cleanly leaves its entry: counted by no one after three intervals
        // (RedisReaderCounts), dropped by the next node to publish.
        _ = transaction.SortedSetRemoveRangeByScoreAsync(keys.Nodes(), double.NegativeInfinity, (now - (3 * interval)).ToUnixTimeMilliseconds(), Exclude.Stop);
        await transaction.ExecuteAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "Could not publish this node's reader counts to Redis")]
        public static partial void PublishFailed(ILogger logger, Exception exception);
    }
}
