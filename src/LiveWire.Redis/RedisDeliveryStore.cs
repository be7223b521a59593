using System.Globalization;
using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Redis.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Delivery reports in Redis: one hash per event, written at fan-out and then added to by every node's flushes
/// (the connections it wrote the event to, acks and latency buckets add up; the maximum is kept by a script). Each
/// hash expires <see cref="DeliveryOptions.Retention"/> after its last write.
/// </summary>
/// <remarks>
/// Recording a fan-out also publishes <c>{topic}|{seq}</c> on <see cref="RedisKeys.FanOuts"/>, in the same
/// transaction and so before the event itself goes out on the backplane: that is how each node learns of the event and
/// counts its readers of the topic (<see cref="FanOutNotices"/>).
/// </remarks>
public sealed class RedisDeliveryStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<DeliveryOptions> options) : IDeliveryStore
{
    private const int RecentKept = 100;

    /// <inheritdoc />
    public async Task RecordFanOutAsync(FanOutRecord record, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var key = keys.Delivery(record.Topic, record.Seq);
        var transaction = database.CreateTransaction();
        _ = transaction.HashSetAsync(key,
        [
            new HashEntry("id", record.Id),
            new HashEntry("a", record.AcceptedAt.ToUnixTimeMilliseconds()),
            new HashEntry("c", record.CommittedAt.ToUnixTimeMilliseconds()),
            new HashEntry("f", record.FannedOutAt.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(key, options.Value.Retention);
        _ = transaction.ListLeftPushAsync(keys.RecentDeliveries(), $"{record.Topic}|{record.Seq}");
        _ = transaction.ListTrimAsync(keys.RecentDeliveries(), 0, RecentKept - 1);
        _ = transaction.PublishAsync(keys.FanOuts(), $"{record.Topic}|{record.Seq}");
        await transaction.ExecuteAsync();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Topic, long Seq)>> ListRecentAsync(int count, CancellationToken cancellationToken)
    {
        var entries = await redis.GetDatabase().ListRangeAsync(keys.RecentDeliveries(), 0, count - 1);
        return [.. entries.Select(entry =>
        {
            var text = (string)entry!;
            var separator = text.LastIndexOf('|');
            return (text[..separator], long.Parse(text.AsSpan(separator + 1), CultureInfo.InvariantCulture));
        })];
    }

    /// <inheritdoc />
    public Task AddAcksAsync(IReadOnlyCollection<AckBatch> batches, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var ttl = (long)options.Value.Retention.TotalSeconds;
        return Task.WhenAll(batches.Select(batch =>
        {
            var arguments = new List<RedisValue>
            {
                batch.Acks,
                batch.MaxMilliseconds.ToString("0.###", CultureInfo.InvariantCulture),
                ttl,
                batch.Subscribers,
            };
            foreach (var (bucket, count) in batch.Buckets)
            {
                arguments.Add(bucket);
                arguments.Add(count);
            }

            return RedisScript.DeliveryAddAcks.EvaluateAsync(database, [keys.Delivery(batch.Topic, batch.Seq)], [.. arguments]);
        }));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>> GetAcceptedTimesAsync(
        string topic, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var reads = new List<(long Seq, Task<RedisValue> AcceptedAt)>();
        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            reads.Add((seq, batch.HashGetAsync(keys.Delivery(topic, seq), "a")));
        }

        batch.Execute();
        await Task.WhenAll(reads.Select(read => read.AcceptedAt));
        return [.. reads
            .Where(read => read.AcceptedAt.Result.HasValue)
            .Select(read => (read.Seq, DateTimeOffset.FromUnixTimeMilliseconds((long)read.AcceptedAt.Result)))];
    }

    /// <inheritdoc />
    public async Task<DeliveryReport?> GetReportAsync(string topic, long seq, CancellationToken cancellationToken)
    {
        var fields = (await redis.GetDatabase().HashGetAllAsync(keys.Delivery(topic, seq)))
            .ToDictionary(entry => (string)entry.Name!, entry => entry.Value, StringComparer.Ordinal);
        if (!fields.TryGetValue("id", out var id))
        {
            return null;
        }

        DateTimeOffset Time(string name) => DateTimeOffset.FromUnixTimeMilliseconds((long)fields[name]);
        var buckets = fields
            .Where(pair => pair.Key.StartsWith('b'))
            .ToDictionary(pair => int.Parse(pair.Key.AsSpan(1), CultureInfo.InvariantCulture), pair => (long)pair.Value);
        var record = new FanOutRecord(topic, seq, (string)id!, Time("a"), Time("c"), Time("f"));
        return DeliveryReport.From(
            record,
            fields.TryGetValue("s", out var subscribers) ? (long)subscribers : 0,
            fields.TryGetValue("acks", out var acks) ? (long)acks : 0,
            buckets,
            fields.TryGetValue("max", out var max) ? double.Parse((string)max!, CultureInfo.InvariantCulture) : 0);
    }
}
