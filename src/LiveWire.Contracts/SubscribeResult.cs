namespace LiveWire.Contracts;

/// <summary>What the hub's <c>Subscribe</c> answers, once any replay has been sent.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="LatestSeq">The topic's latest seq when the replay ended.</param>
/// <param name="Replayed">How many events were sent from history.</param>
/// <param name="Reset">
/// True when the requested position is no longer retained: nothing was replayed, and the reader should reload the
/// topic's state (<c>GET /api/topics/{topic}</c>) and go on from <paramref name="LatestSeq"/>.
/// </param>
/// <param name="Epoch">
/// The topic's epoch (null while it has none): a reader whose position belongs to another epoch reloads the state
/// instead of resuming, as on <paramref name="Reset"/>.
/// </param>
public sealed record SubscribeResult(string Topic, long LatestSeq, int Replayed, bool Reset, string? Epoch = null);
