using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Reader and connection counts across nodes: each node publishes its tally to a hash of its own and its number of
/// connections beside it (see <see cref="ReaderTallyPublisher"/>); a count reads those of the nodes seen recently.
/// </summary>
public sealed class RedisReaderCounts(IConnectionMultiplexer redis, RedisKeys keys, IOptions<PresenceOptions> options) : IReaderCounts, INodeConnections
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var nodes = await RecentNodesAsync(database);
        var fields = topics.Distinct(StringComparer.Ordinal).Select(t => (RedisValue)t).ToArray();
        var counts = fields.ToDictionary(f => (string)f!, _ => 0L, StringComparer.Ordinal);
        if (fields.Length == 0)
        {
            return counts;
        }

        var perNode = await Task.WhenAll(nodes.Select(node => database.HashGetAsync(keys.Readers(node!), fields)));
        foreach (var values in perNode)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                counts[(string)fields[i]!] += (long?)values[i] ?? 0;
            }
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> CountPerNodeAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var nodes = await RecentNodesAsync(database);
        if (nodes.Length == 0)
        {
            return [];
        }

        // A node that is draining has no count: it is leaving, and weighs in no one's share.
        var counts = await database.StringGetAsync(nodes.Select(node => keys.Connections(node!)).ToArray());
        return [.. counts.Where(count => count.HasValue).Select(count => (long)count)];
    }

    private Task<RedisValue[]> RecentNodesAsync(IDatabase database)
    {
        var since = DateTimeOffset.UtcNow - (3 * options.Value.PublishInterval);
        return database.SortedSetRangeByScoreAsync(keys.Nodes(), since.ToUnixTimeMilliseconds(), double.PositiveInfinity);
    }
}
