using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.Readers;

/// <summary>A group of readers in this process, with the loop that sends their acks and keep-alive pings.</summary>
internal sealed class LocalReaderGroup : IReaderGroup
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);
    private readonly ReaderGroupPlan _plan;
    private readonly DeliveryLedger _ledger;
    private readonly HubReader[] _readers;
    private readonly ReaderNetwork _network;
    private readonly CancellationTokenSource _stopSending = new();
    private Task _sending = Task.CompletedTask;

    public LocalReaderGroup(ReaderGroupPlan plan)
    {
        _plan = plan;
        _ledger = new DeliveryLedger(plan.Topics.Count);
        _network = new ReaderNetwork(plan.FirstSourceAddress, plan.SourceAddresses);
        _readers = plan.ReadersPerTopic
            .SelectMany((count, topic) => Enumerable.Repeat(topic, count))
            .Select(topic => new HubReader(plan.Topics[topic], topic, plan.Capacity, plan.Protocol, _ledger))
            .ToArray();
    }

    public async Task<ConnectResult> ConnectAsync(CancellationToken cancellationToken)
    {
        var connected = 0;
        var failures = 0;
        string? firstFailure = null;
        using (var gate = new SemaphoreSlim(_plan.ConnectConcurrency))
        {
            await Task.WhenAll(_readers.Select(async (reader, i) =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await reader.ConnectAsync(HubUri(i, reader.Topic), _network.Next(), _plan.SubscribeInQuery, cancellationToken);
                    Interlocked.Increment(ref connected);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref firstFailure, exception.Message, null);
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        _sending = SendAcksAndPingsAsync(_stopSending.Token);
        return new ConnectResult(connected, failures, firstFailure);
    }

    public Task MeasureAfterAsync(long[] seqs, CancellationToken cancellationToken)
    {
        for (var topic = 0; topic < seqs.Length; topic++)
        {
            _ledger.MeasureAfter(topic, seqs[topic]);
        }

        return Task.CompletedTask;
    }

    public Task<DeliveryCounts> CountsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new DeliveryCounts(_ledger.Deliveries, _ledger.Measured, _ledger.Repeated, _ledger.LastMeasuredAt));

    public Task<GroupReport> ReportAsync(long[] accepted, CancellationToken cancellationToken)
    {
        var (messages, bytes, reads) = _ledger.Received;
        var (buckets, max) = _ledger.Latency.Export();
        return Task.FromResult(new GroupReport(
            _readers.Sum(r => Math.Max(0, accepted[r.TopicIndex] - r.Unique)),
            _ledger.Repeated,
            _ledger.Unexpected,
            _readers.Count(r => r.ClosedWith is not null),
            messages,
            bytes,
            reads,
            buckets,
            max));
    }

    private Uri HubUri(int reader, string topic)
    {
        var hub = _plan.Hubs[reader % _plan.Hubs.Count];
        if (!_plan.SubscribeInQuery)
        {
            return hub;
        }

        var protocol = _plan.Protocol == WireProtocol.Json ? "json" : "messagepack";
        return new UriBuilder(hub) { Query = $"topic={topic}&protocol={protocol}" }.Uri;
    }

    /// <summary>Once a second, each reader acks what it received (with acks on) or pings when it has been silent.</summary>
    private async Task SendAcksAndPingsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var reader in _readers)
                {
                    try
                    {
                        await reader.SendAckOrPingAsync(_plan.Acks, KeepAlive, cancellationToken);
                    }
                    catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or InvalidOperationException or ObjectDisposedException)
                    {
                        // The receive loop records why the connection ended.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopSending.CancelAsync();
        await _sending;
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }

        _network.Dispose();
        _stopSending.Dispose();
    }
}
