namespace LiveWire.Core.Delivery;

/// <summary>
/// What the ingestion knows of an event once it has fanned it out. Who it reached is not known here: each node counts
/// the connections it wrote the event to and adds them with its acks (<see cref="AckBatch.Subscribers"/>).
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Seq">The event.</param>
/// <param name="Id">The development.</param>
/// <param name="AcceptedAt">When the change was accepted.</param>
/// <param name="CommittedAt">When it got its seq.</param>
/// <param name="FannedOutAt">When it was handed to the backplane.</param>
public sealed record FanOutRecord(
    string Topic, long Seq, string Id, DateTimeOffset AcceptedAt, DateTimeOffset CommittedAt, DateTimeOffset FannedOutAt);
