namespace LiveWire.Client.Internal;

/// <summary>The answer of <c>GET /api/topics/{topic}/events?after=&amp;limit=</c>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="LatestSeq">The topic's latest seq.</param>
/// <param name="Reset">True when the events after the requested position are no longer all retained.</param>
/// <param name="Events">The events after the requested position, in seq order; empty on a reset.</param>
/// <param name="Epoch">The topic's epoch (null from a server that predates epochs, or while the topic has none).</param>
internal sealed record EventsPage(string Topic, long LatestSeq, bool Reset, IReadOnlyList<LiveEvent> Events, string? Epoch = null);
