using LiveWire.Core.Timeline;

namespace LiveWire.Core.Ordering;

/// <summary>
/// How a change with an accept order keeps its place among its topic's changes (docs/timeline.md#ordering).
/// </summary>
public enum TopicOrdering
{
    /// <summary>
    /// The accept order, if any, orders only the changes of one development (a superseded one is dropped). A CMS on
    /// the bus and the <c>breaking</c> topic's copies commit as they come.
    /// </summary>
    None,

    /// <summary>
    /// The change waits its turn: while a change accepted before it has not been settled (committed, found a
    /// duplicate, superseded or refused), the store writes nothing and answers <see cref="CommitStatus.Early"/>.
    /// </summary>
    InTurn,

    /// <summary>
    /// The change has waited long enough for an earlier one that may never come (its sender got <c>503</c>, or
    /// crashed before the bus took it): the store passes over the first unsettled place if its change was abandoned
    /// (<see cref="IAcceptLedger.AbandonAsync"/>) or never accepted there, not while it is on its way, then commits it
    /// if that made it its turn and otherwise answers <see cref="CommitStatus.Early"/>, so a change that did come before it still goes
    /// first; a change whose place was passed over commits after the others, should it still come.
    /// </summary>
    Overdue,

    /// <summary>
    /// As <see cref="Overdue"/>, and the first unsettled place is passed over even while its change is on its way (not
    /// once it has reached a worker: see <see cref="Stuck"/>): the
    /// change has waited <c>SentOrderWait</c>, and the one it waits for is stuck (its sender crashed mid-send, or it
    /// is in the error queue).
    /// </summary>
    Stale,

    /// <summary>
    /// As <see cref="Stale"/>, and the first unsettled place is passed over even when its change has reached a worker
    /// and waits there: the change has waited four times <c>SentOrderWait</c>, and the one it waits for is lost to the
    /// topic (it ended in the error queue while waiting).
    /// </summary>
    Stuck,
}
