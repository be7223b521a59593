using LiveWire.Core.Ordering;

namespace LiveWire.Core.Timeline;

/// <summary>How a commit to the timeline ended.</summary>
public enum CommitStatus
{
    /// <summary>The change took the next <c>seq</c>.</summary>
    Committed,

    /// <summary>The change had been committed before (same dedupe key); nothing new was written.</summary>
    Duplicate,

    /// <summary>The change refers to a development the topic does not have; nothing was written.</summary>
    UnknownDevelopment,

    /// <summary>The change edits a retracted development; nothing was written.</summary>
    Retracted,

    /// <summary>
    /// A change accepted later has already been applied to the development; this older one was dropped.
    /// </summary>
    Superseded,

    /// <summary>
    /// A change accepted before this one (<see cref="TopicOrdering.InTurn"/>) has not been settled yet; nothing was
    /// written. Try again shortly.
    /// </summary>
    Early,
}
