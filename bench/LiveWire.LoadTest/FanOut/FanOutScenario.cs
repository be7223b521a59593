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
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public static async Task<FanOutReport> RunAsync(FanOutSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var machine = MachineInfo.Now();
        var rates = settings.Rates is { } steps ? $"rates {string.Join(',', steps)} events/s until the p99 reaches {settings.P99LimitMs} ms" : $"{settings.Rate} events/s";
        progress.WriteLine($"{settings.Label}: {settings.Readers} readers over {settings.Topics} topic(s), {rates} for {settings.DurationSeconds} s, "
            + $"{settings.Protocol}, acks {(settings.Acks ? "on" : "off")}, {settings.Repeats} repeat(s); {machine.Cores} cores, load {machine.LoadAverage}");
        var runs = new List<RunResult>();
        for (var repeat = 1; repeat <= settings.Repeats; repeat++)
        {
            foreach (var target in settings.Targets)
            {
                // Without --rates one run at --rate; with them, rising rates until the p99 passes the limit (or a run
                // is not clean): the last rate that held is the target's capacity in this repeat.
                foreach (var rate in settings.Rates ?? [settings.Rate])
                {
                    var run = await RunOnceAsync(settings with { Rate = rate }, target, repeat, progress, deadline.Token);
                    progress.WriteLine(Describe(run));
                    runs.Add(run);
                    if (settings.Stepping && !Holds(run, settings.P99LimitMs))
                    {
                        break;
                    }
                }
            }
        }

        return FanOutReport.Of(settings, machine, runs);
    }

    /// <summary>A step of the capacity search holds when every delivery arrived, once, and the p99 stayed under the limit.</summary>
    public static bool Holds(RunResult run, double p99LimitMs) =>
        run.Clean && run.MeasuredDeliveries >= run.ExpectedDeliveries && run.LatencyMs.P99 < p99LimitMs;

    private static async Task<RunResult> RunOnceAsync(FanOutSettings settings, Target target, int repeat, TextWriter progress, CancellationToken cancellationToken)
    {
        var prefix = $"[{target.Name} #{repeat}]";
        var loadBefore = MachineInfo.CurrentLoadAverage();
        var runId = $"bench-{Guid.NewGuid():N}"[..14];
        var topics = Enumerable.Range(0, settings.Topics).Select(i => $"{runId}-{i}").ToArray();
        var readersOn = new long[settings.Topics];
        foreach (var topic in settings.TopicOfEachReader())
        {
            readersOn[topic]++;
        }

        var warmupPosts = (int)Math.Round(settings.Rate * settings.WarmupSeconds);
        var measuredPosts = Math.Max(1, (int)Math.Round(settings.Rate * settings.DurationSeconds));
        var token = target.Kind == TargetKind.LiveWire ? Tokens.Newsroom(settings.SigningKey!, settings.Issuer, settings.Audience) : null;
        using var poster = new Poster(target.Nodes[0], token, topics, settings.BodyBytes);
        var groups = Groups(settings, target, topics);
        try
        {
            var rssBefore = Rss(target);
            var observedRssBefore = settings.Observed.ToDictionary(o => o.Key, o => ProcessProbe.RssBytes(o.Value));

            // Connect.
            var serverCpuBeforeConnects = target.Pids.Sum(ProcessProbe.CpuSeconds);
            var observedCpuBeforeConnects = settings.Observed.ToDictionary(o => o.Key, o => ProcessProbe.CpuSeconds(o.Value));
            var connecting = Stopwatch.StartNew();
            ConnectResult[] connects;
            using (Report(() => $"{prefix} connecting {settings.Readers} readers ({connecting.Elapsed.TotalSeconds:0} s)", progress))
            {
                connects = await Task.WhenAll(groups.Select(g => g.ConnectAsync(cancellationToken)));
            }

            var connectSeconds = connecting.Elapsed.TotalSeconds;
            var connected = connects.Sum(c => c.Connected);
            double PerConnect(double cpuSeconds) => connected == 0 ? double.NaN : cpuSeconds * 1e6 / connected;
            var serverCpuPerConnect = PerConnect(target.Pids.Sum(ProcessProbe.CpuSeconds) - serverCpuBeforeConnects);
            var observedCpuPerConnect = settings.Observed.ToDictionary(o => o.Key, o => PerConnect(ProcessProbe.CpuSeconds(o.Value) - observedCpuBeforeConnects[o.Key]));
            var failures = connects.Sum(c => c.Failures);
            progress.WriteLine($"{prefix} connected {connected}/{settings.Readers} in {connectSeconds:0.0} s");
            if (connects.FirstOrDefault(c => c.FirstFailure is not null) is { } failed)
            {
                progress.WriteLine($"{prefix} {failures} connects failed; the first: {failed.FirstFailure}");
            }

            await Task.Delay(settings.Settle, cancellationToken);
            var rssConnected = Rss(target);
            var observedKiBPerConnection = settings.Observed.ToDictionary(
                o => o.Key, o => connected == 0 ? double.NaN : (ProcessProbe.RssBytes(o.Value) - observedRssBefore[o.Key]) / connected / 1024);

            // Warm up, then measure.
            var measuredSeconds = double.NaN;
            var serverCpu = new Dictionary<string, double>();
            var observedCpu = new Dictionary<string, double>();
            double generatorCpu = double.NaN, machineBusy = double.NaN;
            long expected = 0;
            var counts = default(DeliveryCounts);
            async Task<DeliveryCounts> CountAsync() => counts = DeliveryCounts.Sum(await Task.WhenAll(groups.Select(g => g.CountsAsync(cancellationToken))));
            if (settings.Rate > 0)
            {
                using (Report(() => $"{prefix} warm-up: posted {poster.Sent}, delivered {counts.Deliveries}", progress))
                {
                    await poster.PostAsync(warmupPosts, settings.Rate, cancellationToken);
                    var warmupDeliveries = Enumerable.Range(0, settings.Topics).Sum(t => poster.Accepted(t) * readersOn[t]);
                    await WaitForAsync(async () => (await CountAsync()).Deliveries, warmupDeliveries, settings.Drain, cancellationToken);
                }

                var acceptedBefore = Enumerable.Range(0, settings.Topics).Select(poster.Accepted).ToArray();
                await Task.WhenAll(groups.Select(g => g.MeasureAfterAsync(acceptedBefore, cancellationToken)));
                var cpuBefore = target.Pids.ToDictionary(p => p, ProcessProbe.CpuSeconds);
                var observedBefore = settings.Observed.ToDictionary(o => o.Key, o => ProcessProbe.CpuSeconds(o.Value));
                var selfBefore = GeneratorCpuSeconds();
                var machineBefore = ProcessProbe.MachineCpuSeconds();
                var started = Stopwatch.GetTimestamp();
                using (Report(() => $"{prefix} posted {poster.Sent}, measured deliveries {counts.Measured}, {counts.Measured / Math.Max(0.001, Stopwatch.GetElapsedTime(started).TotalSeconds):0} per s, repeated {counts.Repeated}", progress))
                {
                    using (var posting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        var refreshing = RefreshAsync(CountAsync, posting.Token);
                        await poster.PostAsync(measuredPosts, settings.Rate, cancellationToken);
                        await posting.CancelAsync();
                        await refreshing;
                    }

                    expected = Enumerable.Range(0, settings.Topics).Sum(t => (poster.Accepted(t) - acceptedBefore[t]) * readersOn[t]);
                    await WaitForAsync(async () => (await CountAsync()).Measured, expected, settings.Drain, cancellationToken);
                }

                await CountAsync();
                var ended = counts.LastMeasuredAt > started ? counts.LastMeasuredAt : Stopwatch.GetTimestamp();
                measuredSeconds = Stopwatch.GetElapsedTime(started, ended).TotalSeconds;
                var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                foreach (var (pid, before) in cpuBefore)
                {
                    serverCpu[pid.ToString(System.Globalization.CultureInfo.InvariantCulture)] = (ProcessProbe.CpuSeconds(pid) - before) / elapsed * 100;
                }

                foreach (var (name, before) in observedBefore)
                {
                    observedCpu[name] = (ProcessProbe.CpuSeconds(settings.Observed[name]) - before) / elapsed * 100;
                }

                generatorCpu = (GeneratorCpuSeconds() - selfBefore) / elapsed * 100;
                var machineAfter = ProcessProbe.MachineCpuSeconds();
                machineBusy = (machineAfter.Busy - machineBefore.Busy) / (machineAfter.Total - machineBefore.Total) * 100;
            }

            var accepted = Enumerable.Range(0, settings.Topics).Select(poster.Accepted).ToArray();
            var reports = await Task.WhenAll(groups.Select(g => g.ReportAsync(accepted, cancellationToken)));
            var latency = new LatencyHistogram();
            foreach (var report in reports)
            {
                latency.Merge(report.LatencyBuckets, report.MaxLatencyMicroseconds);
            }

            var messages = reports.Sum(r => r.Messages);
            return new RunResult
            {
                Target = target.Name,
                Repeat = repeat,
                Rate = settings.Rate,
                Readers = settings.Readers,
                Connected = connected,
                ConnectFailures = failures,
                ConnectSeconds = connectSeconds,
                ConnectsPerSecond = connected / connectSeconds,
                ServerCpuMicrosecondsPerConnect = serverCpuPerConnect,
                ObservedCpuMicrosecondsPerConnect = observedCpuPerConnect,
                ServerRssBeforeMiB = rssBefore / (1024 * 1024),
                ServerRssConnectedMiB = rssConnected / (1024 * 1024),
                MemoryPerConnectionKiB = connected == 0 ? double.NaN : (rssConnected - rssBefore) / connected / 1024,
                Posted = poster.Sent,
                PostFailures = poster.Failures,
                ExpectedDeliveries = expected,
                MeasuredDeliveries = counts.Measured,
                MeasuredSeconds = measuredSeconds,
                DeliveriesPerSecond = counts.Measured / measuredSeconds,
                LatencyMs = latency.Summarize(),
                Lost = reports.Sum(r => r.Lost),
                Repeated = reports.Sum(r => r.Repeated),
                Unexpected = reports.Sum(r => r.Unexpected),
                ClosedByServer = reports.Sum(r => r.ClosedByServer),
                ServerCpuPercent = serverCpu.Count == 0 ? double.NaN : serverCpu.Values.Sum(),
                ServerCpuPercentByPid = serverCpu,
                GeneratorCpuPercent = generatorCpu,
                ObservedCpuPercent = observedCpu,
                ObservedKiBPerConnection = observedKiBPerConnection,
                MachineBusyPercent = machineBusy,
                MeanMessageBytes = messages == 0 ? double.NaN : (double)reports.Sum(r => r.Bytes) / messages,
                MessagesPerRead = messages == 0 ? double.NaN : (double)messages / reports.Sum(r => r.Reads),
                Workers = settings.Workers,
                LoadAverageBefore = loadBefore,
            };
        }
        finally
        {
            foreach (var group in groups)
            {
                await group.DisposeAsync();
            }

            // Let the server notice the closed connections before the next run measures its memory.
            await Task.Delay(settings.Settle, CancellationToken.None);
        }

        double GeneratorCpuSeconds() =>
            ProcessProbe.CpuSeconds(Environment.ProcessId) + groups.OfType<WorkerReaderGroup>().Sum(g => ProcessProbe.CpuSeconds(g.ProcessId));
    }

    /// <summary>
    /// The readers, dealt out by topic share over the worker processes (or all in this process without workers),
    /// each group on its own source addresses.
    /// </summary>
    private static IReaderGroup[] Groups(FanOutSettings settings, Target target, string[] topics)
    {
        var topicOf = settings.TopicOfEachReader();
        var count = Math.Max(1, settings.Workers);
        var hubs = target.Nodes.Select(node => new UriBuilder(node) { Scheme = node.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live" }.Uri).ToArray();
        var posts = (int)Math.Ceiling(settings.Rate * (settings.WarmupSeconds + settings.DurationSeconds));
        return Enumerable.Range(0, count).Select(g =>
        {
            var perTopic = new int[settings.Topics];
            for (var i = g; i < topicOf.Length; i += count)
            {
                perTopic[topicOf[i]]++;
            }

            var plan = new ReaderGroupPlan(
                hubs,
                topics,
                perTopic,
                target.SubscribeInQuery,
                settings.Protocol,
                settings.Acks,
                Capacity: posts / settings.Topics + 16,
                ConnectConcurrency: Math.Max(1, settings.ConnectConcurrency / count),
                FirstSourceAddress: g * settings.SourceAddresses,
                SourceAddresses: settings.SourceAddresses);
            return settings.Workers == 0 ? (IReaderGroup)new LocalReaderGroup(plan) : new WorkerReaderGroup(plan);
        }).ToArray();
    }

    private static double Rss(Target target) =>
        target.Pids.Count == 0 ? double.NaN : target.Pids.Sum(ProcessProbe.RssBytes);

    /// <summary>Refreshes the counts the progress line shows, once a second, while posting.</summary>
    private static async Task RefreshAsync(Func<Task<DeliveryCounts>> count, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await count();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until <paramref name="count"/> reaches <paramref name="expected"/>, or stops rising for a while, or <paramref name="limit"/> passes.</summary>
    private static async Task WaitForAsync(Func<Task<long>> count, long expected, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var last = await count();
        var lastChange = started;
        while (last < expected && Stopwatch.GetElapsedTime(started) < limit && Stopwatch.GetElapsedTime(lastChange) < Quiet)
        {
            await Task.Delay(20, cancellationToken);
            var now = await count();
            if (now != last)
            {
                last = now;
                lastChange = Stopwatch.GetTimestamp();
            }
        }
    }

    /// <summary>Prints <paramref name="line"/> once a second until disposed.</summary>
    private static ProgressLine Report(Func<string> line, TextWriter progress) => new(line, progress);

    private static string Describe(RunResult run) =>
        $"[{run.Target} #{run.Repeat} at {run.Rate}/s] {run.Connected} readers ({run.ConnectsPerSecond:0}/s, {run.ServerCpuMicrosecondsPerConnect:0} µs of server CPU each), {run.MemoryPerConnectionKiB:0.0} KiB/connection, "
        + $"{run.DeliveriesPerSecond:0} deliveries/s, latency {run.LatencyMs}, server CPU {run.ServerCpuPercent:0}%, generator CPU {run.GeneratorCpuPercent:0}%, "
        + $"lost {run.Lost}, repeated {run.Repeated}, unexpected {run.Unexpected}, closed {run.ClosedByServer}"
        + string.Concat(run.ObservedKiBPerConnection.Select(o => $", {o.Key}: CPU {run.ObservedCpuPercent.GetValueOrDefault(o.Key, double.NaN):0}%, {run.ObservedCpuMicrosecondsPerConnect[o.Key]:0} µs per connect, {o.Value:0.00} KiB/connection"));
}
