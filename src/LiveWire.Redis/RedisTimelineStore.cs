using System.Globalization;
using System.Text.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Serialization;
using LiveWire.Core.Timeline;
using LiveWire.Redis.Internal;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// The timeline on Redis. Each topic's history is a stream whose entry ids are the events' seqs; one Lua script
/// assigns the next seq, appends the entry and records the dedupe key, so a commit is atomic and idempotent.
/// Every key of a topic lives <see cref="TimelineOptions.KeyLifetime"/> after the topic's last activity (commit,
/// accept, info), and the dedupe keys that can grow per development are trimmed after the dedupe window
/// (the commit script's retention part), so what Redis holds is bounded by the retention.
/// The topic's epoch lives in its meta hash: made with it, and made again by a commit that finds the seq under it
/// lower than this process committed (Redis went back); docs/timeline.md, "Epochs".
/// </summary>
public sealed class RedisTimelineStore(
    IConnectionMultiplexer redis,
    RedisKeys keys,
    IOptions<TimelineOptions> options,
    IOptions<LiveWireRedisOptions> redisOptions) : ITimelineStore
{
    private readonly TimelineOptions _options = options.Value;
    private readonly EpochWatermarks _watermarks = new(redisOptions.Value.EpochWatermarkTopics);

    /// <inheritdoc />
    public async Task<CommitResult> CommitAsync(TimelineChange change, CancellationToken cancellationToken)
    {
        var topic = change.Topic;
        var seen = _watermarks.Get(topic);
        var reply = await RedisScript.TimelineCommit.EvaluateNamedAsync(
            redis.GetDatabase(),
            keys.TopicKeys(topic),
            [
                change.Kind,
                change.StateKey,
                change.DedupeKey,
                change.MessageId,
                JsonSerializer.Serialize(change.Fields, LiveWireJsonContext.Default.DevelopmentFields),
                change.Pinned switch { true => "1", false => "0", null => "" },
                change.AcceptedAt.ToUnixTimeMilliseconds(),
                _options.MaxEvents,
                (long)_options.Retention.TotalMilliseconds,
                change.AcceptOrder?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                change.AcceptOrder is null ? string.Empty : change.Ordering switch
                {
                    TopicOrdering.InTurn => "turn",
                    TopicOrdering.Overdue => "overdue",
                    TopicOrdering.Stale => "stale",
                    TopicOrdering.Stuck => "stuck",
                    _ => string.Empty,
                },
                seen.Epoch,
                seen.Seq,
                TimelineEvents.NewEpoch(),
                KeyLifetimeMilliseconds,
                KeyLifetimeMilliseconds, // the dedupe window: DedupeWindow, never less than the retention
            ]);

        switch (reply.Text("status"))
        {
            case "committed":
                var committedAt = reply.Text("committedAt");
                await ListAsync(topic, long.Parse(committedAt!, CultureInfo.InvariantCulture));
                var committed = TimelineEvents.Compose(
                    topic,
                    seq: (long)reply["seq"],
                    change.Kind,
                    revision: (int)reply["revision"],
                    pinned: reply.Text("pinned") == "1",
                    Deserialize(reply.Text("fields")),
                    change.AcceptedAt,
                    FromUnixMilliseconds(committedAt),
                    epoch: reply.Text("epoch"));
                _watermarks.Observe(topic, committed.Epoch, committed.Seq);
                return new CommitResult(CommitStatus.Committed, committed);
            case "duplicate":
                var earlier = ParseEntries(topic, reply.List("entries"), reply.Text("epoch")).FirstOrDefault();
                return new CommitResult(CommitStatus.Duplicate, earlier, reply.Text("messageId") == change.MessageId);
            case "unknown":
                return new CommitResult(CommitStatus.UnknownDevelopment);
            case "retracted":
                return new CommitResult(CommitStatus.Retracted);
            case "superseded":
                return new CommitResult(CommitStatus.Superseded);
            case "early":
                return new CommitResult(CommitStatus.Early);
            default:
                throw new InvalidOperationException($"Unexpected status from {RedisScript.TimelineCommit}: {reply.Text("status")}");
        }
    }

    /// <inheritdoc />
    public async Task<TimelinePage> ReadAsync(string topic, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var reply = await RedisScript.TimelineRead.EvaluateNamedAsync(
            redis.GetDatabase(), [keys.Meta(topic), keys.Events(topic)], [afterSeq, limit]);
        var epoch = reply.Text("epoch");
        return new TimelinePage(
            LatestSeq: (long)reply["latestSeq"],
            Reset: (int)reply["reset"] == 1,
            ParseEntries(topic, reply.List("entries"), epoch),
            epoch);
    }

    /// <inheritdoc />
    public async Task<long> GetLatestSeqAsync(string topic, CancellationToken cancellationToken) =>
        (long?)await redis.GetDatabase().HashGetAsync(keys.Meta(topic), "seq") ?? 0;

    /// <inheritdoc />
    public async Task<DevelopmentStatus> GetStatusAsync(string topic, string id, CancellationToken cancellationToken)
    {
        var reply = await RedisScript.TimelineStatus.EvaluateNamedAsync(
            redis.GetDatabase(), [keys.Revisions(topic), keys.Accepted(topic)], [id]);
        return (long)reply["revision"] switch
        {
            > 0 => DevelopmentStatus.Live,
            < 0 => DevelopmentStatus.Retracted,
            _ => (long)reply["accepted"] == 1 ? DevelopmentStatus.Accepted : DevelopmentStatus.Unknown,
        };
    }

    /// <inheritdoc />
    public async Task<TopicSnapshot?> GetTopicAsync(string topic, int limit, CancellationToken cancellationToken)
    {
        var reply = await RedisScript.TimelineSnapshot.EvaluateNamedAsync(redis.GetDatabase(), keys.SnapshotKeys(topic), [limit]);
        var latestSeq = long.Parse(reply.Text("latestSeq")!, CultureInfo.InvariantCulture);
        var updatedAt = reply.Text("updatedAt");
        if (latestSeq == 0 && updatedAt is null)
        {
            return null;
        }

        return new TopicSnapshot
        {
            Topic = topic,
            Title = NullIfEmpty(reply["title"]),
            Summary = NullIfEmpty(reply["summary"]),
            Status = NullIfEmpty(reply["status"]) ?? TopicInfo.Live,
            LatestSeq = latestSeq,
            UpdatedAt = updatedAt is null ? null : FromUnixMilliseconds(updatedAt),
            Pinned = ParseStates(reply.List("pinned")),
            Developments = ParseStates(reply.List("developments")),
            Epoch = NullIfEmpty(reply["epoch"]),
        };
    }

    /// <inheritdoc />
    public async Task SetTopicInfoAsync(string topic, TopicInfo info, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.HashSetAsync(keys.Meta(topic),
        [
            new HashEntry("title", info.Title ?? string.Empty),
            new HashEntry("summary", info.Summary ?? string.Empty),
            new HashEntry("status", info.Status),
            new HashEntry("updatedAt", now),
        ]);
        // A topic described before anything is published to it starts its epoch here, as a first commit would.
        _ = transaction.HashSetAsync(keys.Meta(topic), "epoch", TimelineEvents.NewEpoch(), When.NotExists);
        foreach (var key in keys.TopicKeys(topic))
        {
            // A PUT is activity: the topic lives on, every key of it together.
            _ = transaction.KeyExpireAsync(key, _options.KeyLifetime);
        }

        await transaction.ExecuteAsync();
        await ListAsync(topic, now);
    }

    // The topic list holds the topics active within the key lifetime: the rest have expired (or are about to). It
    // expires itself when no topic has been active for that long.
    private async Task ListAsync(string topic, long activeAt)
    {
        var batch = redis.GetDatabase().CreateBatch();
        var added = batch.SortedSetAddAsync(keys.Topics(), topic, activeAt, SortedSetWhen.GreaterThan);
        var pruned = batch.SortedSetRemoveRangeByScoreAsync(keys.Topics(), double.NegativeInfinity, activeAt - KeyLifetimeMilliseconds, Exclude.Stop);
        var expires = batch.KeyExpireAsync(keys.Topics(), _options.KeyLifetime);
        batch.Execute();
        await Task.WhenAll(added, pruned, expires);
    }

    private long KeyLifetimeMilliseconds => (long)_options.KeyLifetime.TotalMilliseconds;

    /// <inheritdoc />
    public async Task<IReadOnlyList<TopicSummary>> ListTopicsAsync(int limit, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var activeSince = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - KeyLifetimeMilliseconds;
        var topics = await database.SortedSetRangeByScoreWithScoresAsync(
            keys.Topics(), activeSince, double.PositiveInfinity, Exclude.None, Order.Descending, 0, limit);
        var metas = await Task.WhenAll(topics.Select(entry =>
            database.HashGetAsync(keys.Meta(entry.Element!), ["seq", "title", "status"])));
        return [.. topics.Zip(metas, (entry, meta) => new TopicSummary(
            entry.Element!,
            meta[1].IsNullOrEmpty ? null : (string?)meta[1],
            meta[2].IsNullOrEmpty ? TopicInfo.Live : (string)meta[2]!,
            (long?)meta[0] ?? 0,
            DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score)))];
    }

    private static string? NullIfEmpty(RedisResult value) => (string?)value is { Length: > 0 } text ? text : null;

    private static TopicDevelopment[] ParseStates(RedisResult[] values)
    {
        var states = new List<TopicDevelopment>(values.Length);
        foreach (var value in values)
        {
            if ((string?)value is not { } state)
            {
                continue;
            }

            // publishSeq|publishedAt|updatedAt|revision|pinned|fields
            var parts = state.Split('|', 6);
            states.Add(TimelineEvents.State(
                Deserialize(parts[5]),
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                int.Parse(parts[3], CultureInfo.InvariantCulture),
                parts[4] == "1",
                FromUnixMilliseconds(parts[1]),
                FromUnixMilliseconds(parts[2])));
        }

        return [.. states];
    }

    // The entries carry no epoch of their own: whatever the history holds belongs to the topic's current epoch.
    private static TimelineEvent[] ParseEntries(string topic, RedisResult[] entries, string? epoch)
    {
        var events = new TimelineEvent[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = (RedisResult[])entries[i]!;
            var id = (string)entry[0]!;
            var values = (RedisResult[])entry[1]!;
            string? kind = null, revision = null, pinned = null, acceptedAt = null, committedAt = null, fields = null;
            for (var f = 0; f + 1 < values.Length; f += 2)
            {
                var value = (string?)values[f + 1];
                switch ((string?)values[f])
                {
                    case "k": kind = value; break;
                    case "r": revision = value; break;
                    case "p": pinned = value; break;
                    case "a": acceptedAt = value; break;
                    case "c": committedAt = value; break;
                    case "f": fields = value; break;
                }
            }

            events[i] = TimelineEvents.Compose(
                topic,
                seq: long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture),
                kind!,
                int.Parse(revision!, CultureInfo.InvariantCulture),
                pinned == "1",
                Deserialize(fields),
                FromUnixMilliseconds(acceptedAt),
                FromUnixMilliseconds(committedAt),
                epoch);
        }

        return events;
    }

    private static DevelopmentFields Deserialize(string? json) =>
        JsonSerializer.Deserialize(json!, LiveWireJsonContext.Default.DevelopmentFields)
        ?? throw new InvalidOperationException("A timeline entry has no fields.");

    private static DateTimeOffset FromUnixMilliseconds(string? milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(milliseconds!, CultureInfo.InvariantCulture));
}
