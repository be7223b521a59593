using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveWire.Core.Idempotency;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>Idempotency keys in Redis, shared by every node: <c>SET NX</c> takes a key, the answer replaces the marker.</summary>
public sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, RedisKeys keys) : IIdempotencyStore
{
    private const string InProgressMarker = "in-progress";

    /// <inheritdoc />
    public async Task<IdempotencyLookup> BeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var redisKey = Key(key);
        if (await database.StringSetAsync(redisKey, InProgressMarker, lease, When.NotExists))
        {
            return IdempotencyLookup.Begun;
        }

        var stored = await database.StringGetAsync(redisKey);
        return stored.IsNull || stored == InProgressMarker
            ? IdempotencyLookup.InProgress
            : new IdempotencyLookup(false, JsonSerializer.Deserialize<StoredResponse>((string)stored!));
    }

    /// <inheritdoc />
    public Task CompleteAsync(string key, StoredResponse response, TimeSpan retention, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Key(key), JsonSerializer.Serialize(response), retention);

    /// <inheritdoc />
    public Task AbandonAsync(string key, CancellationToken cancellationToken) =>
        redis.GetDatabase().KeyDeleteAsync(Key(key));

    // Keys are the client's strings: hash them so any length or character is a safe, bounded Redis key.
    private RedisKey Key(string key) => keys.Idempotency(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
}
