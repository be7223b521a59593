namespace LiveWire.LoadTest.Readers;

/// <summary>
/// What a reader group found at the end of a run. The last fields concern readers that resume (zero otherwise):
/// connections the server side ended, readers that left on purpose, resumes that succeeded, connect attempts that
/// failed, resumes the server answered <c>reset</c>, readers that gave up reconnecting, and the connected readers on
/// each hub of the plan (in its order).
/// </summary>
internal sealed record GroupReport(
    long Lost,
    long Repeated,
    long Unexpected,
    int ClosedByServer,
    long Messages,
    long Bytes,
    long Reads,
    long[][] LatencyBuckets,
    long MaxLatencyMicroseconds,
    long Dropped = 0,
    long Left = 0,
    long Resumed = 0,
    long ReconnectFailures = 0,
    long Resets = 0,
    int GaveUp = 0,
    int[]? LivePerHub = null);
