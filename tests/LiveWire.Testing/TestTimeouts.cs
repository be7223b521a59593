namespace LiveWire.Testing;

/// <summary>How long tests wait for a condition before they fail. Generous: CI machines have two cores.</summary>
public static class TestTimeouts
{
    /// <summary>For a single event to travel through the system.</summary>
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(15);

    /// <summary>For a batch of work (hundreds of events) to settle.</summary>
    public static readonly TimeSpan Batch = TimeSpan.FromSeconds(90);

    /// <summary>For a node to start or stop.</summary>
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
}
