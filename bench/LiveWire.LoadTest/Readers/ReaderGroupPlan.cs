namespace LiveWire.LoadTest.Readers;

/// <summary>
/// What one reader group connects: how many readers on each topic, to which hub URLs (taken in turn), with which
/// protocol, from which loopback source addresses, and how many events a topic may carry at most. With
/// <paramref name="Resume"/>, a reader whose connection ends connects again (to another hub, with jittered back-off)
/// and resumes from the last seq it holds in order, as LiveWire's clients do.
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
    int SourceAddresses,
    bool Resume = false)
{
    public int Readers => ReadersPerTopic.Sum();
}
