namespace LiveWire.LoadTest.Readers;

/// <summary>What a reader group found at the end of a run.</summary>
internal sealed record GroupReport(
    long Lost,
    long Repeated,
    long Unexpected,
    int ClosedByServer,
    long Messages,
    long Bytes,
    long Reads,
    long[][] LatencyBuckets,
    long MaxLatencyMicroseconds);
