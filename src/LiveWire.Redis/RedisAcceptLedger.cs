using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Redis.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// The accept ledger on Redis, in the topic's own keys (<see cref="RedisKeys.Accepts"/>, <see cref="RedisKeys.Sent"/>,
/// <see cref="RedisKeys.Accepted"/>), which the <see cref="RedisTimelineStore"/>'s commit script reads and settles.
/// </summary>
public sealed class RedisAcceptLedger(IConnectionMultiplexer redis, RedisKeys keys, IOptions<TimelineOptions> options) : IAcceptLedger
{
    private readonly long _keyLifetimeMilliseconds = (long)options.Value.KeyLifetime.TotalMilliseconds;

    /// <inheritdoc />
    public async Task<long> AcceptAsync(string topic, string id, bool isPublish, CancellationToken cancellationToken) =>
        (long)await RedisScript.TimelineAccept.EvaluateAsync(
            redis.GetDatabase(), keys.TopicKeys(topic), [id, isPublish ? "1" : "0", _keyLifetimeMilliseconds]);

    /// <inheritdoc />
    public Task AbandonAsync(string topic, long acceptOrder, CancellationToken cancellationToken) =>
        redis.GetDatabase().SetRemoveAsync(keys.Sent(topic), acceptOrder);
}
