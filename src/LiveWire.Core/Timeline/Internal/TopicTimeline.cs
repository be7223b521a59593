using LiveWire.Contracts;

namespace LiveWire.Core.Timeline.Internal;

/// <summary>
/// One topic of the in-memory timeline: its history and state, and the accept numbering the
/// <see cref="Ordering.InMemoryAcceptLedger"/> writes and the commit reads. Read and written under its own lock.
/// </summary>
internal sealed class TopicTimeline
{
    // Made once with the topic: this store's history never goes back, and it ends only with the process.
    public readonly string Epoch = TimelineEvents.NewEpoch();
    public long LatestSeq;
    public long ActiveAt;
    public long AcceptCount;
    public long SettledOrder;
    public readonly HashSet<long> Sent = []; // accepted places on their way: not settled, not abandoned
    public readonly HashSet<long> Arrived = []; // places whose change reached a worker early and waits there
    public TopicInfo? Info;
    public DateTimeOffset? UpdatedAt;
    public readonly List<TimelineEvent> Events = [];
    public readonly Dictionary<string, (long Seq, string MessageId)> Dedupe = new(StringComparer.Ordinal);
    public readonly Queue<(string Key, DateTimeOffset At)> DedupeTimes = new();
    public readonly Dictionary<string, int> Revisions = new(StringComparer.Ordinal);
    public readonly Dictionary<string, TopicDevelopment> Current = new(StringComparer.Ordinal);
    public readonly Dictionary<string, long> PinOrder = new(StringComparer.Ordinal);
    public readonly HashSet<string> Accepted = new(StringComparer.Ordinal); // ids of publishes on their way
    public readonly Dictionary<string, long> AppliedOrder = new(StringComparer.Ordinal);
}
