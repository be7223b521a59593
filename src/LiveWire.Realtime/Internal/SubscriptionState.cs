namespace LiveWire.Realtime.Internal;

/// <summary>
/// One connection's subscription to one topic: a value held in <see cref="ConnectionSubscriptions"/>, not an
/// object of its own per reader.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="AckedSeq">
/// The highest seq this connection has acknowledged, starting where it subscribed: an ack counts each event once per
/// connection, and never one from before the subscription or beyond the topic's latest.
/// </param>
internal readonly record struct SubscriptionState(string Topic, long AckedSeq);
