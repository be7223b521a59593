using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Every Redis key LiveWire uses, built in one place. A topic's keys share the hash tag <c>{topic}</c>, so on a
/// Redis Cluster they live in one slot and one script can write them atomically.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    /// <summary>The prefix every key starts with.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>
    /// Hash: the topic's <c>seq</c> counter, <c>epoch</c>, <c>settled</c> (the accept order up to which changes have
    /// settled in turn), <c>title</c>, <c>summary</c>, <c>status</c> and <c>updatedAt</c> (its last activity, ms).
    /// </summary>
    public RedisKey Meta(string topic) => Key(topic, "meta");

    /// <summary>Stream: the retained events, entry id <c>{seq}-0</c>.</summary>
    public RedisKey Events(string topic) => Key(topic, "events");

    /// <summary>Hash: dedupe key → <c>{seq}|{message id}</c> of the change's first commit.</summary>
    public RedisKey Dedupe(string topic) => Key(topic, "dedupe");

    /// <summary>Hash: development id → current revision, negative once retracted.</summary>
    public RedisKey Revisions(string topic) => Key(topic, "revisions");

    /// <summary>
    /// Hash: development id → current state of the developments not retracted, as
    /// <c>{publish seq}|{published at ms}|{updated at ms}|{revision}|{pinned 0/1}|{fields JSON}</c>.
    /// </summary>
    public RedisKey Current(string topic) => Key(topic, "current");

    /// <summary>Sorted set: the developments not retracted, scored by their publish seq.</summary>
    public RedisKey Order(string topic) => Key(topic, "order");

    /// <summary>Sorted set: the pinned developments, scored by the seq that pinned them.</summary>
    public RedisKey Pinned(string topic) => Key(topic, "pinned");

    /// <summary>
    /// Hash: development id → <c>1</c>, set by the accept of every publish (<c>timeline_accept.lua</c>, live id or not)
    /// and removed when a publish of the id commits (<c>timeline_commit.lua</c>); an entry whose publish never commits
    /// (its send failed, or it came again as a duplicate) stays until the topic expires. Read only for an id with no
    /// revision (<c>timeline_status.lua</c>).
    /// </summary>
    public RedisKey Accepted(string topic) => Key(topic, "accepted");

    /// <summary>Hash: the reach of one event (fan-out record, acks, latency buckets <c>b{n}</c>, <c>max</c>).</summary>
    public RedisKey Delivery(string topic, long seq) => Key(topic, $"delivery:{seq}");

    /// <summary>String: the count of changes the API accepted for the topic (their accept order).</summary>
    public RedisKey Accepts(string topic) => Key(topic, "accepts");

    /// <summary>
    /// Set: the accept orders whose change is on its way (accepted, not yet settled, not abandoned), and, negated, those
    /// whose change has reached a worker and waits there for its turn.
    /// </summary>
    public RedisKey Sent(string topic) => Key(topic, "sent");

    /// <summary>
    /// Hash: lane → accept order of the last change applied in it; a development has two lanes, its content (its id)
    /// and its pin (<c>{id}#pin</c>).
    /// </summary>
    public RedisKey Applied(string topic) => Key(topic, "applied");

    /// <summary>
    /// Sorted set: the dedupe keys that are trimmed after the dedupe window (corrections, pins, breaking-lane
    /// follow-ups: any number per development), scored by their commit time (ms).
    /// </summary>
    public RedisKey DedupeTimes(string topic) => Key(topic, "dedupe-times");

    /// <summary>
    /// Every key of a topic but its delivery reports (which expire on their own): what is given the topic's lifetime
    /// on each activity; the keys of <c>Scripts/timeline_commit.lua</c> and <c>timeline_accept.lua</c>, in their order.
    /// </summary>
    public RedisKey[] TopicKeys(string topic) => [.. CommitKeys(topic), Accepts(topic), DedupeTimes(topic)];

    /// <summary>Sorted set of every topic, scored by its last activity (ms): the topic list.</summary>
    public RedisKey Topics() => $"{Prefix}:topics";

    /// <summary>String: the first answer to a request with an idempotency key (by the key's hash).</summary>
    public RedisKey Idempotency(string keyHash) => $"{Prefix}:idempotency:{keyHash}";

    /// <summary>Sorted set of nodes, scored by when each last published its reader counts (ms).</summary>
    public RedisKey Nodes() => $"{Prefix}:nodes";

    /// <summary>String: one node's heartbeat (JSON), expiring unless renewed.</summary>
    public RedisKey Heartbeat(string nodeId) => $"{Prefix}:heartbeat:{nodeId}";

    /// <summary>Sorted set of nodes, scored by their last heartbeat (ms).</summary>
    public RedisKey Heartbeats() => $"{Prefix}:heartbeats";

    /// <summary>List: the most recent fanned-out events as <c>{topic}|{seq}</c>, newest first.</summary>
    public RedisKey RecentDeliveries() => $"{Prefix}:deliveries:recent";

    /// <summary>
    /// The prefix the process's connection puts before every channel (<c>{prefix}:</c>): the channels below, and
    /// SignalR's backplane channels, which are named after the hub alone.
    /// </summary>
    public RedisChannel ChannelPrefix() => RedisChannel.Literal($"{Prefix}:");

    /// <summary>
    /// Channel: <c>{topic}|{seq}</c> of every event as it is fanned out, so each node counts its readers of it. On the
    /// wire <c>{prefix}:fanouts</c>: the connection adds the <see cref="ChannelPrefix"/>.
    /// </summary>
    public RedisChannel FanOuts() => RedisChannel.Literal("fanouts");

    /// <summary>Hash: topic → readers on node <paramref name="nodeId"/>.</summary>
    public RedisKey Readers(string nodeId) => $"{Prefix}:readers:{nodeId}";

    /// <summary>String: the hub connections node <paramref name="nodeId"/> holds.</summary>
    public RedisKey Connections(string nodeId) => $"{Prefix}:connections:{nodeId}";

    /// <summary>The keys a commit writes: the first of <see cref="TopicKeys"/>, in the same order.</summary>
    public RedisKey[] CommitKeys(string topic) =>
        [Meta(topic), Events(topic), Dedupe(topic), Revisions(topic), Current(topic), Order(topic), Pinned(topic), Accepted(topic), Applied(topic), Sent(topic)];

    /// <summary>The keys of <c>Scripts/timeline_snapshot.lua</c>, in the order it names them.</summary>
    public RedisKey[] SnapshotKeys(string topic) => [Meta(topic), Current(topic), Order(topic), Pinned(topic)];

    private RedisKey Key(string topic, string part) => $"{Prefix}:{{{topic}}}:{part}";
}
