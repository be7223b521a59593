namespace LiveWire.LoadTest.Readers;

/// <summary>
/// What one reader group connects: how many readers on each topic, to which hub URLs (taken in turn), with which
/// protocol, from which loopback source addresses, and how many events a topic may carry at most.
/// </summary>
internal sealed record ReaderGroupPlan(
    IReadOnlyList<Uri> Hubs,
    IReadOnlyList<string> Topics,
    IReadOnlyList<int> ReadersPerTopic,
    bool SubscribeInQuery,
    WireProtocol Protocol,
    bool Acks,
    int Capacity,
    int ConnectConcurrency,
    int FirstSourceAddress,
    int SourceAddresses)
{
    public int Readers => ReadersPerTopic.Sum();
}
