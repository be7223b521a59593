namespace LiveWire.Core.Ordering;

/// <summary>
/// A change waiting for its turn must make room, as its worker's last free consumer slot stays free: its consumer sends
/// it to the back of the queue (the same message id) and lets it go (docs/timeline.md#ordering).
/// </summary>
public sealed class TurnNotYetException(string topic, long acceptOrder, TimeSpan waited)
    : Exception($"The change accepted #{acceptOrder} on '{topic}' waits for one accepted before it that is not here yet.")
{
    /// <summary>How long the change has waited for its turn so far: its next delivery carries it on (<see cref="Timeline.TimelineChange.Waited"/>).</summary>
    public TimeSpan Waited { get; } = waited;

    /// <summary>The topic.</summary>
    public string Topic { get; } = topic;

    /// <summary>The change's place among the topic's accepted changes.</summary>
    public long AcceptOrder { get; } = acceptOrder;
}
