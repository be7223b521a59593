using LiveWire.LoadTest.Measuring;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// A group of readers in this process, with the loop that sends their acks and keep-alive pings and, when the plan
/// says so, one that keeps each reader connected: after a drop it connects again, with jittered back-off, to
/// another hub, and resumes.
/// </summary>
internal sealed class LocalReaderGroup : IReaderGroup
{
    /// <summary>A silent reader pings this often, as the official clients do (the hub's client timeout is 60 s).</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    /// <summary>Attempts to connect again after a drop before a reader gives up (the last waits at most <see cref="BackOffCap"/>).</summary>
    private const int MaxAttempts = 12;

    /// <summary>Full jitter: attempt k waits a random time below min(cap, first * 2^k), so a node's readers do not all come back in the same second.</summary>
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BackOffCap = TimeSpan.FromSeconds(30);

    /// <summary>Longest a connect (handshake and Subscribe with its replay) may take before it counts as failed.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Connections one reader may go through in a run: far more than any churn gives it, a bound on its loop.</summary>
    private const int MaxLives = 100_000;

    private readonly ReaderGroupPlan _plan;
    private readonly DeliveryLedger _ledger;
    private readonly HubReader[] _readers;
    private readonly TimeSpan[] _awayFor;
    private readonly int[] _hubOf;
    private readonly ReaderNetwork _network;
    private readonly CancellationTokenSource _stopSending = new();
    private readonly SemaphoreSlim _reconnects;
    private Task _sending = Task.CompletedTask;
    private Task _keeping = Task.CompletedTask;
    private int _gaveUp;

    public LocalReaderGroup(ReaderGroupPlan plan)
    {
        _plan = plan;
        _ledger = new DeliveryLedger(plan.Topics.Count);
        _network = new ReaderNetwork(plan.FirstSourceAddress, plan.SourceAddresses);
        _readers = plan.ReadersPerTopic
            .SelectMany((count, topic) => Enumerable.Repeat(topic, count))
            .Select(topic => new HubReader(plan.Topics[topic], topic, plan.Capacity, plan.Protocol, _ledger))
            .ToArray();
        _awayFor = new TimeSpan[_readers.Length];
        _hubOf = Enumerable.Range(0, _readers.Length).Select(i => i % plan.Hubs.Count).ToArray();
        _reconnects = new SemaphoreSlim(plan.ConnectConcurrency);
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
                    await reader.ConnectAsync(HubUri(_hubOf[i], reader.Topic), _network.Next(), _plan.SubscribeInQuery, afterSeq: null, cancellationToken);
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
        if (_plan.Resume)
        {
            _keeping = Task.WhenAll(_readers.Select((reader, i) => KeepConnectedAsync(reader, i, _stopSending.Token)));
        }

        return new ConnectResult(connected, failures, firstFailure);
    }

    public Task<int> ChurnAsync(double share, TimeSpan awayMax, CancellationToken cancellationToken)
    {
        if (!_plan.Resume)
        {
            throw new InvalidOperationException("Only readers that resume can leave and come back.");
        }

        var live = Enumerable.Range(0, _readers.Length).Where(i => _readers[i].Live).ToArray();
        Random.Shared.Shuffle(live);
        var leaving = live.Take((int)Math.Round(share * _readers.Length)).ToArray();
        foreach (var i in leaving)
        {
            _awayFor[i] = awayMax * Random.Shared.NextDouble();
            _readers[i].Leave();
        }

        return Task.FromResult(leaving.Length);
    }

    /// <summary>
    /// Whenever the reader's connection ends, connects it again and resumes from <see cref="HubReader.ResumeSeq"/>:
    /// after a leave, once its time away is up, through a hub picked at random (as a balancer would); after a drop,
    /// with full-jitter back-off, first to another hub than the one that dropped it, then to each in turn.
    /// </summary>
    private async Task KeepConnectedAsync(HubReader reader, int index, CancellationToken stop)
    {
        var hub = index % _plan.Hubs.Count;
        try
        {
            for (var life = 0; life < MaxLives; life++)
            {
                await reader.Receiving.WaitAsync(stop);
                if (reader.TakeLeft())
                {
                    _ledger.Leave();
                    await Task.Delay(_awayFor[index], stop);
                    hub = Random.Shared.Next(_plan.Hubs.Count);
                }
                else
                {
                    _ledger.Drop();
                    hub = _plan.Hubs.Count == 1 ? hub : (hub + 1 + Random.Shared.Next(_plan.Hubs.Count - 1)) % _plan.Hubs.Count;
                }

                if (!await ReconnectAsync(reader, index, hub, stop))
                {
                    Interlocked.Increment(ref _gaveUp);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> ReconnectAsync(HubReader reader, int index, int hub, CancellationToken stop)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var ceiling = Math.Min(BackOffCap.TotalMilliseconds, FirstBackOff.TotalMilliseconds * Math.Pow(2, attempt));
            await Task.Delay(TimeSpan.FromMilliseconds(ceiling * Random.Shared.NextDouble()), stop);
            await _reconnects.WaitAsync(stop);
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attemptTimeout.CancelAfter(ConnectTimeout);
                var reset = await reader.ConnectAsync(HubUri(hub, reader.Topic), _network.Next(), _plan.SubscribeInQuery, reader.ResumeSeq, attemptTimeout.Token);
                _ledger.Resume(reset);
                _hubOf[index] = hub;
                return true;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                _ledger.FailReconnect();
                hub = (hub + 1) % _plan.Hubs.Count;
            }
            finally
            {
                _reconnects.Release();
            }
        }

        return false;
    }

    public Task MeasureAfterAsync(long[] seqs, CancellationToken cancellationToken)
    {
        for (var topic = 0; topic < seqs.Length; topic++)
        {
            _ledger.MeasureAfter(topic, seqs[topic]);
        }

        return Task.CompletedTask;
    }

    public Task<DeliveryCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var reconnects = _ledger.Reconnects;
        return Task.FromResult(new DeliveryCounts(
            _ledger.Deliveries, _ledger.Measured, _ledger.Repeated, _ledger.LastMeasuredAt, _readers.Count(r => r.Live), reconnects.Dropped, reconnects.Resumed));
    }

    public Task<GroupReport> ReportAsync(long[] accepted, CancellationToken cancellationToken)
    {
        var (messages, bytes, reads) = _ledger.Received;
        var (buckets, max) = _ledger.Latency.Export();
        var reconnects = _ledger.Reconnects;
        return Task.FromResult(new GroupReport(
            _readers.Sum(r => Math.Max(0, accepted[r.TopicIndex] - r.Unique)),
            _ledger.Repeated,
            _ledger.Unexpected,
            _readers.Count(r => r.ClosedWith is not null),
            messages,
            bytes,
            reads,
            buckets,
            max,
            reconnects.Dropped,
            reconnects.Left,
            reconnects.Resumed,
            reconnects.ReconnectFailures,
            reconnects.Resets,
            Volatile.Read(ref _gaveUp),
            Enumerable.Range(0, _plan.Hubs.Count).Select(h => Enumerable.Range(0, _readers.Length).Count(i => _hubOf[i] == h && _readers[i].Live)).ToArray()));
    }

    private Uri HubUri(int index, string topic)
    {
        var hub = _plan.Hubs[index];
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
        await _keeping;
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }

        _network.Dispose();
        _stopSending.Dispose();
        _reconnects.Dispose();
    }
}
