namespace LiveWire.Client.Internal;

/// <summary>What the hub's <c>Subscribe</c> answers once it has sent the replay.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="LatestSeq">The topic's latest seq when the replay ended.</param>
/// <param name="Replayed">How many events the hub sent from history.</param>
/// <param name="Reset">True when the requested position is no longer retained: nothing was replayed.</param>
/// <param name="Epoch">The topic's epoch (null from a server that predates epochs, or while the topic has none).</param>
internal sealed record SubscribeResult(string Topic, long LatestSeq, int Replayed, bool Reset, string? Epoch = null);
