using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Reader counts across nodes: each node publishes its tally to a hash of its own (see
/// <see cref="ReaderTallyPublisher"/>); a count sums the hashes of the nodes seen recently.
/// </summary>
public sealed class RedisReaderCounts(IConnectionMultiplexer redis, RedisKeys keys, IOptions<PresenceOptions> options) : IReaderCounts
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var since = DateTimeOffset.UtcNow - (3 * options.Value.PublishInterval);
        var nodes = await database.SortedSetRangeByScoreAsync(keys.Nodes(), since.ToUnixTimeMilliseconds(), double.PositiveInfinity);
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
}
