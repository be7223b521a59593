namespace LiveWire.Core.Ordering;

/// <summary>
/// Numbers the changes the HTTP API accepts for a topic (their <c>acceptOrder</c>: 1, 2, 3…), the order the timeline
/// commits them in. It shares its state with the timeline store, whose commit reads which numbers are on their way.
/// docs/timeline.md#ordering tells the protocol.
/// </summary>
public interface IAcceptLedger
{
    /// <summary>
    /// Records that the API accepted a change to development <paramref name="id"/> and returns its place among the
    /// topic's accepted changes, marked as on its way until it settles or is abandoned (<see cref="AbandonAsync"/>).
    /// For a publish it also marks the id as on its way, so a correction sent right after it is not refused as
    /// unknown; the commit of the publish clears the mark. An accept is activity: the topic lives on.
    /// </summary>
    Task<long> AcceptAsync(string topic, string id, bool isPublish, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the change at <paramref name="acceptOrder"/> will not come: the bus did not take it, and its
    /// caller got <c>503</c>. The changes after it then wait for it <c>OrderWait</c>, not <c>SentOrderWait</c>.
    /// </summary>
    Task AbandonAsync(string topic, long acceptOrder, CancellationToken cancellationToken);
}
