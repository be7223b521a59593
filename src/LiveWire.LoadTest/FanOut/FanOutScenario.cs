using System.Diagnostics;
using LiveWire.LoadTest.Measuring;
using LiveWire.LoadTest.Readers;

namespace LiveWire.LoadTest.FanOut;

/// <summary>
/// N readers over T topics, events posted at R a second through each target's HTTP entry, repeated and interleaved
/// across the targets (LiveWire, then each reference, then LiveWire again…), so every target meets the same
/// machine. See <see cref="LoadTestCommand"/> for what is measured.
/// </summary>
internal static class FanOutScenario
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public static async Task<FanOutReport> RunAsync(FanOutSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var machine = MachineInfo.Now();
        progress.WriteLine($"{settings.Label}: {settings.Readers} readers over {settings.Topics} topic(s), {settings.Rate} events/s for {settings.DurationSeconds} s, "
            + $"{settings.Protocol}, acks {(settings.Acks ? "on" : "off")}, {settings.Repeats} repeat(s); {machine.Cores} cores, load {machine.LoadAverage}");
        var runs = new List<RunResult>();
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            foreach (var target in settings.Targets)
            {
                var run = await RunOnceAsync(settings, target, repeat, progress, deadline.Token);
                progress.WriteLine(Describe(run));
                runs.Add(run);
            }
        }

        return FanOutReport.Of(settings, machine, runs);
    }

    private static async Task<RunResult> RunOnceAsync(FanOutSettings settings, Target target, int repeat, TextWriter progress, CancellationToken cancellationToken)
    {
        var prefix = $"[{target.Name} #{repeat}]";
        var loadBefore = MachineInfo.CurrentLoadAverage();
        var runId = $"bench-{Guid.NewGuid():N}"[..14];
        var topics = Enumerable.Range(0, settings.Topics).Select(i => $"{runId}-{i}").ToArray();
        var topicOf = settings.TopicOfEachReader();
        var readersOn = new long[settings.Topics];
        foreach (var topic in topicOf)
        {
            readersOn[topic]++;
        }

        var warmupPosts = settings.Rate * settings.WarmupSeconds;
        var measuredPosts = settings.Rate * settings.DurationSeconds;
        var capacity = (warmupPosts + measuredPosts) / settings.Topics + 16;
        var ledger = new DeliveryLedger(settings.Topics);
        var readers = new HubReader[settings.Readers];
        for (var i = 0; i < readers.Length; i++)
        {
            readers[i] = new HubReader(topics[topicOf[i]], topicOf[i], capacity, settings.Protocol, ledger);
        }

        using var network = new ReaderNetwork(settings.SourceAddresses);
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = target.Kind == TargetKind.LiveWire ? Tokens.Newsroom(settings.SigningKey!) : null;
        using var poster = new Poster(target.Nodes[0], token, topics, settings.BodyBytes);
        var sending = Task.CompletedTask;
        try
        {
            var rssBefore = Rss(target);

            // Connect.
            var connected = 0;
            var failures = 0;
            string? firstFailure = null;
            var connecting = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(settings.ConnectConcurrency))
            using (Report(() => $"{prefix} connected {Volatile.Read(ref connected)}/{readers.Length}, failed {Volatile.Read(ref failures)}", progress))
            {
                await Task.WhenAll(readers.Select(async (reader, i) =>
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        await reader.ConnectAsync(HubUri(target, i, reader.Topic, settings.Protocol), network.Next(), target.SubscribeInQuery, cancellationToken);
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

            var connectSeconds = connecting.Elapsed.TotalSeconds;
            if (firstFailure is not null)
            {
                progress.WriteLine($"{prefix} {failures} connects failed; the first: {firstFailure}");
            }

            sending = SendAcksAndPingsAsync(readers, settings.Acks, stopSending.Token);
            await Task.Delay(settings.Settle, cancellationToken);
            var rssConnected = Rss(target);

            // Warm up, then measure.
            var measuredSeconds = double.NaN;
            var serverCpu = new Dictionary<string, double>();
            double generatorCpu = double.NaN, machineBusy = double.NaN;
            long expected = 0;
            if (settings.Rate > 0)
            {
                using (Report(() => $"{prefix} warm-up: posted {poster.Sent}, delivered {ledger.Deliveries}", progress))
                {
                    await poster.PostAsync(warmupPosts, settings.Rate, cancellationToken);
                    var warmupDeliveries = Enumerable.Range(0, settings.Topics).Sum(t => poster.Accepted(t) * readersOn[t]);
                    await WaitForAsync(() => ledger.Deliveries, warmupDeliveries, settings.Drain, cancellationToken);
                }

                var acceptedBefore = new long[settings.Topics];
                for (var t = 0; t < settings.Topics; t++)
                {
                    acceptedBefore[t] = poster.Accepted(t);
                    ledger.MeasureAfter(t, acceptedBefore[t]);
                }

                var cpuBefore = target.Pids.ToDictionary(p => p, ProcessProbe.CpuSeconds);
                var selfBefore = ProcessProbe.CpuSeconds(Environment.ProcessId);
                var machineBefore = ProcessProbe.MachineCpuSeconds();
                var started = Stopwatch.GetTimestamp();
                using (Report(() => $"{prefix} posted {poster.Sent}, measured deliveries {ledger.Measured}, {Rate(ledger, started):0} per s, repeated {ledger.Repeated}", progress))
                {
                    await poster.PostAsync(measuredPosts, settings.Rate, cancellationToken);
                    expected = Enumerable.Range(0, settings.Topics).Sum(t => (poster.Accepted(t) - acceptedBefore[t]) * readersOn[t]);
                    await WaitForAsync(() => ledger.Measured, expected, settings.Drain, cancellationToken);
                }

                var ended = ledger.LastMeasuredAt > started ? ledger.LastMeasuredAt : Stopwatch.GetTimestamp();
                var window = Stopwatch.GetElapsedTime(started, ended).TotalSeconds;
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                measuredSeconds = window;
                foreach (var (pid, before) in cpuBefore)
                {
                    serverCpu[pid.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (ProcessProbe.CpuSeconds(pid) - before) / elapsed * 100;
                }

                generatorCpu = (ProcessProbe.CpuSeconds(Environment.ProcessId) - selfBefore) / elapsed * 100;
                var machineAfter = ProcessProbe.MachineCpuSeconds();
                machineBusy = (machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total) * 100;
            }

            var lost = readers.Sum(r => Math.Max(0, poster.Accepted(r.TopicIndex) - r.Unique));
            return new RunResult
            {
                Target = target.Name,
                Repeat = repeat,
                Readers = settings.Readers,
                Connected = connected,
                ConnectFailures = failures,
                ConnectSeconds = connectSeconds,
                ConnectsPerSecond = connected / connectSeconds,
                ServerRssBeforeMiB = rssBefore / (1024 * 1024),
                ServerRssConnectedMiB = rssConnected / (1024 * 1024),
                MemoryPerConnectionKiB = connected == 0 ? double.NaN : (rssConnected - rssBefore) / connected / 1024,
                Posted = poster.Sent,
                PostFailures = poster.Failures,
                ExpectedDeliveries = expected,
                MeasuredDeliveries = ledger.Measured,
                MeasuredSeconds = measuredSeconds,
                DeliveriesPerSecond = ledger.Measured / measuredSeconds,
                LatencyMs = ledger.Latency.Summarize(),
                Lost = lost,
                Repeated = ledger.Repeated,
                Unexpected = ledger.Unexpected,
                ClosedByServer = readers.Count(r => r.ClosedWith is not null),
                ServerCpuPercent = serverCpu.Count == 0 ? double.NaN : serverCpu.Values.Sum(),
                ServerCpuPercentByPid = serverCpu,
                GeneratorCpuPercent = generatorCpu,
                MachineBusyPercent = machineBusy,
                MeanMessageBytes = ledger.MeanMessageBytes,
                LoadAverageBefore = loadBefore,
            };
        }
        finally
        {
            await stopSending.CancelAsync();
            await sending;
            foreach (var reader in readers)
            {
                reader.Dispose();
            }

            // Let the server notice the closed connections before the next run measures its memory.
            await Task.Delay(settings.Settle, CancellationToken.None);
        }
    }

    private static Uri HubUri(Target target, int reader, string topic, WireProtocol protocol)
    {
        var node = target.Nodes[reader % target.Nodes.Count];
        var builder = new UriBuilder(node) { Scheme = node.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live" };
        if (target.SubscribeInQuery)
        {
            builder.Query = $"topic={topic}&protocol={(protocol == WireProtocol.Json ? "json" : "messagepack")}";
        }

        return builder.Uri;
    }

    private static double Rss(Target target) =>
        target.Pids.Count == 0 ? double.NaN : target.Pids.Sum(ProcessProbe.RssBytes);

    private static double Rate(DeliveryLedger ledger, long started) =>
        ledger.Measured / Math.Max(0.001, Stopwatch.GetElapsedTime(started).TotalSeconds);

    /// <summary>Waits until <paramref name="count"/> reaches <paramref name="expected"/>, or stops rising for a while, or <paramref name="limit"/> passes.</summary>
    private static async Task WaitForAsync(Func<long> count, long expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var last = count();
        var lastChange = started;
        while (count() < expected && Stopwatch.GetElapsedTime(started) < limit && Stopwatch.GetElapsedTime(lastChange) < Quiet)
        {
            await Task.Delay(20, cancellationToken);
            var now = count();
            if (now != last)
            {
                last = now;
                lastChange = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Once a second, each reader acks what it received (with acks on) or pings when it has been silent.</summary>
    private static async Task SendAcksAndPingsAsync(HubReader[] readers, bool acks, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var reader in readers)
                {
                    try
                    {
                        await reader.SendAckOrPingAsync(acks, KeepAlive, cancellationToken);
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

    /// <summary>Prints <paramref name="line"/> once a second until disposed.</summary>
    private static ProgressLine Report(Func<string> line, TextWriter progress) => new(line, progress);

    private static string Describe(RunResult run) =>
        $"[{run.Target} #{run.Repeat}] {run.Connected} readers ({run.ConnectsPerSecond:0}/s), {run.MemoryPerConnectionKiB:0.0} KiB/connection, "
        + $"{run.DeliveriesPerSecond:0} deliveries/s, latency {run.LatencyMs}, server CPU {run.ServerCpuPercent:0}%, generator CPU {run.GeneratorCpuPercent:0}%, "
        + $"lost {run.Lost}, repeated {run.Repeated}, unexpected {run.Unexpected}, closed {run.ClosedByServer}";
}
