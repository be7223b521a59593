using System.Text.Json;
using LiveWire.Core.Stats;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>Node heartbeats in Redis: a JSON string per node with an expiry, indexed by last-seen time.</summary>
public sealed class RedisClusterStats(IConnectionMultiplexer redis, RedisKeys keys) : IClusterStats
{
    /// <inheritdoc />
    public async Task PublishAsync(NodeSnapshot snapshot, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StringSetAsync(keys.Heartbeat(snapshot.NodeId), JsonSerializer.Serialize(snapshot), expiry);
        _ = transaction.SortedSetAddAsync(keys.Heartbeats(), snapshot.NodeId, snapshot.SeenAt.ToUnixTimeMilliseconds());
        _ = transaction.SortedSetRemoveRangeByScoreAsync(keys.Heartbeats(), 0, (snapshot.SeenAt - expiry).ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var nodes = await database.SortedSetRangeByRankAsync(keys.Heartbeats());
        if (nodes.Length == 0)
        {
            return [];
        }

        var snapshots = await database.StringGetAsync([.. nodes.Select(node => keys.Heartbeat(node!))]);
        return [.. snapshots.Where(s => s.HasValue).Select(s => JsonSerializer.Deserialize<NodeSnapshot>((string)s!)!).OrderBy(s => s.Service, StringComparer.Ordinal).ThenBy(s => s.NodeId, StringComparer.Ordinal)];
    }
}
