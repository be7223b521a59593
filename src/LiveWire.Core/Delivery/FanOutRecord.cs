namespace LiveWire.Core.Delivery;

/// <summary>What the ingestion knows of an event once it has fanned it out.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Seq">The event.</param>
/// <param name="Id">The development.</param>
/// <param name="AcceptedAt">When the change was accepted.</param>
/// <param name="CommittedAt">When it got its seq.</param>
/// <param name="FannedOutAt">When it was handed to the backplane.</param>
/// <param name="Subscribers">Readers of the topic across nodes at that moment.</param>
public sealed record FanOutRecord(
    string Topic, long Seq, string Id, DateTimeOffset AcceptedAt, DateTimeOffset CommittedAt, DateTimeOffset FannedOutAt, long Subscribers);
