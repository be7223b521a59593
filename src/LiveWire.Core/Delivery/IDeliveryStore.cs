namespace LiveWire.Core.Delivery;

/// <summary>Where the reach of each event is kept: written once at fan-out, then by every node's ack flushes.</summary>
public interface IDeliveryStore
{
    /// <summary>Records an event's fan-out.</summary>
    Task RecordFanOutAsync(FanOutRecord record, CancellationToken cancellationToken);

    /// <summary>Adds one node's acks, gathered since its last flush.</summary>
    Task AddAcksAsync(IReadOnlyCollection<AckBatch> batches, CancellationToken cancellationToken);

    /// <summary>The <paramref name="count"/> most recently fanned-out events, newest first.</summary>
    Task<IReadOnlyList<(string Topic, long Seq)>> ListRecentAsync(int count, CancellationToken cancellationToken);

    /// <summary>
    /// The acceptance times of the events <paramref name="fromSeq"/> to <paramref name="toSeq"/> of
    /// <paramref name="topic"/> whose fan-out was recorded, in seq order: what an ack is timed with, without reading
    /// the events themselves.
    /// </summary>
    Task<IReadOnlyList<(long Seq, DateTimeOffset AcceptedAt)>> GetAcceptedTimesAsync(string topic, long fromSeq, long toSeq, CancellationToken cancellationToken);

    /// <summary>The report of one event, or null when its fan-out was not recorded (or has expired).</summary>
    Task<DeliveryReport?> GetReportAsync(string topic, long seq, CancellationToken cancellationToken);
}
