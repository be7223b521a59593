namespace LiveWire.Client.Internal;

/// <summary>An ack a subscription owes the hub: every event up to <paramref name="Seq"/> has been applied.</summary>
/// <param name="Seq">The highest applied seq.</param>
/// <param name="ReleasedAt">When that event was released to the handler (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
internal readonly record struct PendingAck(long Seq, long ReleasedAt);
