using System.Diagnostics;
using LiveWire.LoadTest.FanOut;
using LiveWire.LoadTest.Measuring;
using LiveWire.LoadTest.Readers;

namespace LiveWire.LoadTest.Soak;

/// <summary>
/// N readers spread over the Server nodes (in the tool's worker processes) read T topics while events are posted at
/// R a second for D seconds; every churn period a share of readers leaves and comes back after a while, resuming from
/// the last seq it holds in order, and readers whose node dies come back through the others. Meanwhile the resident
/// memory of every named process is sampled. At the end every reader must hold every committed seq of its topic,
/// and the store must hold each post once, gap-free. See <see cref="LoadTestCommand"/> for the options.
/// </summary>
internal static class SoakScenario
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long the deliveries may stop rising, all readers back, before the drain gives up early.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(30);

    public static async Task<SoakReport> RunAsync(SoakSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var token = deadline.Token;
        var machine = MachineInfo.Now();
        progress.WriteLine($"{settings.Label}: {settings.Readers} readers over {settings.Topics} topic(s) and {settings.Target.Nodes.Count} node(s), "
            + $"{settings.Rate} events/s for {settings.DurationSeconds} s, {settings.ChurnShare:P0} of readers leave every {settings.ChurnEvery.TotalSeconds:0} s "
            + $"for up to {settings.AwayMax.TotalSeconds:0} s; {settings.Workers} worker process(es); {machine.Cores} cores, load {machine.LoadAverage}");

        var runId = $"soak-{Guid.NewGuid():N}"[..13];
        var topics = Enumerable.Range(0, settings.Topics).Select(i => $"{runId}-{i}").ToArray();
        var readersOn = new long[settings.Topics];
        for (var i = 0; i < settings.Readers; i++)
        {
            readersOn[i % settings.Topics]++;
        }

        using var poster = new Poster(settings.Target.Nodes[0], Tokens.Newsroom(settings.SigningKey, settings.Issuer, settings.Audience), topics, settings.BodyBytes);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var groups = Groups(settings, topics);
        var auditors = topics.Select(t => new TimelineAuditor(t)).ToArray();
        var samples = new List<SoakSample>();
        try
        {
            var connecting = Stopwatch.StartNew();
            var connects = await Task.WhenAll(groups.Select(g => g.ConnectAsync(token)));
            var connected = connects.Sum(c => c.Connected);
            progress.WriteLine($"connected {connected}/{settings.Readers} in {connecting.Elapsed.TotalSeconds:0.0} s"
                + (connects.FirstOrDefault(c => c.FirstFailure is not null) is { } failed ? $"; {connects.Sum(c => c.Failures)} failed, the first: {failed.FirstFailure}" : ""));
            await Task.WhenAll(groups.Select(g => g.MeasureAfterAsync(new long[settings.Topics], token)));

            // Posting, churn and sampling run side by side, on the sampler's clock (0 when posting begins); the script waits for the started file to time its kill.
            var sampler = new RssSampler(() => Processes(settings, groups));
            using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(token);
            var sampling = sampler.RunAsync(settings.RssEvery, stopSampling.Token);
            if (settings.StartedFile is not null)
            {
                await File.WriteAllTextAsync(settings.StartedFile, DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), token);
            }

            var posting = poster.PostAsync(settings.Posts, settings.Rate, token);
            var nextChurn = sampler.Seconds + settings.ChurnEvery.TotalSeconds;
            var nextProgress = sampler.Seconds;
            var nextAudit = sampler.Seconds + settings.AuditEvery.TotalSeconds;
            var churned = 0;
            while (!posting.IsCompleted)
            {
                await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(1), token));
                if (!posting.IsCompleted && sampler.Seconds >= nextChurn)
                {
                    nextChurn += settings.ChurnEvery.TotalSeconds;
                    var left = (await Task.WhenAll(groups.Select(g => g.ChurnAsync(settings.ChurnShare, settings.AwayMax, token)))).Sum();
                    churned += left;
                    progress.WriteLine($"  t={sampler.Seconds:0} s: {left} readers leave");
                }

                if (sampler.Seconds >= nextAudit)
                {
                    nextAudit += settings.AuditEvery.TotalSeconds;
                    await AuditAsync(auditors, http, settings, token);
                }

                if (sampler.Seconds >= nextProgress)
                {
                    nextProgress += ProgressEvery.TotalSeconds;
                    samples.Add(await SampleAsync(groups, poster, sampler.Seconds, token));
                    progress.WriteLine(samples[^1].ToString());
                }
            }

            await posting;
            progress.WriteLine($"posting done at t={sampler.Seconds:0} s: posted {poster.Sent}, failed {poster.Failures}; reading what was committed");

            // Every reader should end with seqs 1 to N of its topic: N what the store committed, or the posts it
            // answered 202 if more (each post to a fresh topic is one event: an accepted post never committed is lost
            // to every reader).
            await AuditAsync(auditors, http, settings, token);
            var audits = auditors.Select(a => a.Audit).ToArray();
            var owed = audits.Select((a, t) => Math.Max(a.LatestSeq, poster.Accepted(t))).ToArray();
            var expected = Enumerable.Range(0, settings.Topics).Sum(t => owed[t] * readersOn[t]);
            var drainStarted = Stopwatch.GetTimestamp();
            var last = await CountAsync(groups, token);
            var lastChange = Stopwatch.GetTimestamp();
            while ((last.Deliveries < expected || last.Live < settings.Readers)
                && Stopwatch.GetElapsedTime(drainStarted) < settings.Drain && Stopwatch.GetElapsedTime(lastChange) < Quiet)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), token);
                var now = await CountAsync(groups, token);
                if (now != last)
                {
                    last = now;
                    lastChange = Stopwatch.GetTimestamp();
                }
            }

            // Read on once more: the last posts may have been answered 202 but not yet committed at the first read.
            await AuditAsync(auditors, http, settings, token);
            audits = auditors.Select(a => a.Audit).ToArray();
            owed = audits.Select((a, t) => Math.Max(a.LatestSeq, poster.Accepted(t))).ToArray();
            expected = Enumerable.Range(0, settings.Topics).Sum(t => owed[t] * readersOn[t]);
            samples.Add(await SampleAsync(groups, poster, sampler.Seconds, token));
            progress.WriteLine($"drained in {Stopwatch.GetElapsedTime(drainStarted).TotalSeconds:0} s: {samples[^1]}");
            await stopSampling.CancelAsync();
            await sampling;

            var reports = await Task.WhenAll(groups.Select(g => g.ReportAsync(owed, token)));
            var latency = new LatencyHistogram();
            foreach (var report in reports)
            {
                latency.Merge(report.LatencyBuckets, report.MaxLatencyMicroseconds);
            }

            return new SoakReport
            {
                Label = settings.Label,
                Settings = SoakReport.Shown(settings),
                Machine = machine,
                LoadAverageAtEnd = MachineInfo.CurrentLoadAverage(),
                Readers = settings.Readers,
                Connected = connected,
                LiveAtEnd = last.Live,
                Posted = poster.Sent,
                PostFailures = poster.Failures,
                Accepted = Enumerable.Range(0, settings.Topics).Sum(t => poster.Accepted(t)),
                Timelines = audits,
                ExpectedDeliveries = expected,
                Delivered = last.Deliveries,
                Lost = reports.Sum(r => r.Lost),
                RawDuplicates = reports.Sum(r => r.Repeated),
                RepeatedAfterDedup = Enumerable.Range(0, settings.Topics).Sum(t => audits[t].TwicePublished * readersOn[t]),
                Unexpected = reports.Sum(r => r.Unexpected),
                Churned = churned,
                Left = reports.Sum(r => r.Left),
                Dropped = reports.Sum(r => r.Dropped),
                Resumed = reports.Sum(r => r.Resumed),
                ReconnectFailures = reports.Sum(r => r.ReconnectFailures),
                Resets = reports.Sum(r => r.Resets),
                GaveUp = reports.Sum(r => r.GaveUp),
                ReadersPerNodeAtEnd = Enumerable.Range(0, settings.Target.Nodes.Count).Select(n => reports.Sum(r => r.LivePerHub?[n] ?? 0)).ToArray(),
                LatencyMs = latency.Summarize(),
                Rss = sampler.Rows(settings.RssWarmup, settings.RssWindow, settings.RssTolerancePercent),
                RssSeries = sampler.Series(),
                RssWarmupSeconds = settings.RssWarmup.TotalSeconds,
                RssWindowSeconds = settings.RssWindow.TotalSeconds,
                RssTolerancePercent = settings.RssTolerancePercent,
                Progress = samples,
            };
        }
        finally
        {
            foreach (var group in groups)
            {
                await group.DisposeAsync();
            }
        }
    }

    /// <summary>Readers dealt out over the worker processes, reader i on topic i mod T, each group on its own source addresses.</summary>
    private static IReaderGroup[] Groups(SoakSettings settings, string[] topics)
    {
        var hubs = settings.Target.Nodes.Select(node => new UriBuilder(node) { Scheme = node.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live" }.Uri).ToArray();
        return Enumerable.Range(0, settings.Workers).Select(g =>
        {
            var perTopic = new int[settings.Topics];
            for (var i = g; i < settings.Readers; i += settings.Workers)
            {
                perTopic[i % settings.Topics]++;
            }

            var plan = new ReaderGroupPlan(
                hubs,
                topics,
                perTopic,
                SubscribeInQuery: false,
                settings.Protocol,
                settings.Acks,
                Capacity: settings.Posts / settings.Topics + 16,
                ConnectConcurrency: Math.Max(1, settings.ConnectConcurrency / settings.Workers),
                FirstSourceAddress: g * settings.SourceAddresses,
                SourceAddresses: settings.SourceAddresses,
                Resume: true);
            return (IReaderGroup)new WorkerReaderGroup(plan);
        }).ToArray();
    }

    /// <summary>This process, its reader workers, and the processes named in the processes file (read anew each time: a restarted node has a new id).</summary>
    private static List<(string Name, int Pid)> Processes(SoakSettings settings, IReaderGroup[] groups)
    {
        var processes = new List<(string Name, int Pid)> { ("tool", Environment.ProcessId) };
        processes.AddRange(groups.OfType<WorkerReaderGroup>().Select((g, i) => ($"reader-worker-{i + 1}", g.ProcessId)));
        if (settings.ProcessesFile is not null && File.Exists(settings.ProcessesFile))
        {
            foreach (var line in File.ReadAllLines(settings.ProcessesFile))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && int.TryParse(parts[1], out var pid))
                {
                    processes.Add((parts[0], pid));
                }
            }
        }

        return processes;
    }

    /// <summary>Reads on in every topic's history: during the run, so that the audit sees each seq before the store's retention trims it.</summary>
    private static Task AuditAsync(TimelineAuditor[] auditors, HttpClient http, SoakSettings settings, CancellationToken cancellationToken) =>
        Task.WhenAll(auditors.Select(a => a.ReadAsync(http, settings.Target.Nodes, cancellationToken)));

    private static async Task<DeliveryCounts> CountAsync(IReaderGroup[] groups, CancellationToken cancellationToken) =>
        DeliveryCounts.Sum(await Task.WhenAll(groups.Select(g => g.CountsAsync(cancellationToken))));

    private static async Task<SoakSample> SampleAsync(IReaderGroup[] groups, Poster poster, double seconds, CancellationToken cancellationToken)
    {
        var counts = await CountAsync(groups, cancellationToken);
        return new SoakSample(Math.Round(seconds), poster.Sent, poster.Failures, counts.Live, counts.Deliveries, counts.Repeated, counts.Dropped, counts.Resumed, MachineInfo.CurrentLoadAverage());
    }
}
