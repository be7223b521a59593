using LiveWire.Core.Timeline;

namespace LiveWire.Core.Ordering;

/// <summary>
/// The accept ledger of an <see cref="InMemoryTimelineStore"/>: it numbers changes in the store's own topics, under
/// each topic's lock, since the store's commit reads what it writes. Registered with that store, never alone.
/// </summary>
/// <param name="store">The store whose topics it numbers.</param>
public sealed class InMemoryAcceptLedger(InMemoryTimelineStore store) : IAcceptLedger
{
    /// <inheritdoc />
    public Task<long> AcceptAsync(string topic, string id, bool isPublish, CancellationToken cancellationToken)
    {
        var timeline = store.Timeline(topic);
        lock (timeline)
        {
            if (isPublish && !timeline.Revisions.ContainsKey(id))
            {
                timeline.Accepted.Add(id);
            }

            timeline.Sent.Add(++timeline.AcceptCount);
            return Task.FromResult(timeline.AcceptCount);
        }
    }

    /// <inheritdoc />
    public Task AbandonAsync(string topic, long acceptOrder, CancellationToken cancellationToken)
    {
        var timeline = store.Timeline(topic);
        lock (timeline)
        {
            timeline.Sent.Remove(acceptOrder);
        }

        return Task.CompletedTask;
    }
}
