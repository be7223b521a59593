using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>The outcome of <see cref="ITimelineStore.CommitAsync"/>.</summary>
/// <param name="Status">How the commit ended.</param>
/// <param name="Event">
/// The committed event; for a duplicate, the event committed the first time, while it is still retained.
/// </param>
/// <param name="SameMessage">For a duplicate: whether the first commit came from the same bus message (a redelivery).</param>
public sealed record CommitResult(CommitStatus Status, TimelineEvent? Event = null, bool SameMessage = false);
