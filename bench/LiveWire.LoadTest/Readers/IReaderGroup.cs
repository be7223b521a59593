namespace LiveWire.LoadTest.Readers;

/// <summary>
/// Readers that connect, count and report together: in this process (<see cref="LocalReaderGroup"/>) or in a worker
/// process (<see cref="WorkerReaderGroup"/>), since one process may hold only so many sockets.
/// </summary>
internal interface IReaderGroup : IAsyncDisposable
{
    Task<ConnectResult> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>From now on, events of topic <c>i</c> after <paramref name="seqs"/>[i] are timed.</summary>
    Task MeasureAfterAsync(long[] seqs, CancellationToken cancellationToken);

    Task<DeliveryCounts> CountsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes a random <paramref name="share"/> of the group's connected readers leave now, each to come back after
    /// up to <paramref name="awayMax"/> and resume (readers that resume only); answers how many left.
    /// </summary>
    Task<int> ChurnAsync(double share, TimeSpan awayMax, CancellationToken cancellationToken);

    /// <summary>The group's findings, given how many events each topic accepted (its seqs are 1 to that).</summary>
    Task<GroupReport> ReportAsync(long[] accepted, CancellationToken cancellationToken);
}
