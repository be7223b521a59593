using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// An Ingestion worker process is killed (SIGKILL) mid-stream, with changes prefetched and half-committed: with one
/// worker, started again; with two, the other carries on. The broker hands its unanswered changes out again and each
/// commits once.
/// </summary>
public sealed class WorkerKilledTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;
    private readonly List<NodeProcess> _workers = [];

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 0, Timeline.KeepEverything);

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    // The changes a killed worker held come back behind later changes of their topic, which by then may fill the
    // consumer slots of the worker that takes over, waiting for them: those furthest from their turn give their slots
    // back (to the back of the queue), one slot stays free, and the earlier ones get in (docs/timeline.md#ordering).
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_worker_killed_mid_batch_loses_and_repeats_nothing(int workers)
    {
        for (var i = 0; i < workers; i++)
        {
            _workers.Add(await StartWorkerAsync());
        }

        var topic = Newsroom.NewTopic("kill");
        var server = _cluster.Servers[0];
        await using var readers = await Readers.StartAsync([server.Url], topic, count: 3);
        var newsrooms = Enumerable.Range(0, 3).Select(_ => _cluster.CreateNewsroomClient(server)).ToArray();
        var editors = new Editors();
        using var stopPosting = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var posting = editors.PostAsync(newsrooms, topic, maxPerEditor: 3_000, stopPosting.Token);
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= 50, TestTimeouts.Delivery, "posts to be flowing");

        await _workers[0].KillAsync();
        var acceptedAtKill = editors.Accepted.Count;
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= acceptedAtKill + 50, TestTimeouts.Delivery, "posts accepted while the worker is gone");
        if (workers == 1)
        {
            _workers.Add(await StartWorkerAsync());
        }

        await Eventually.HoldsAsync(() => editors.Accepted.Count >= acceptedAtKill + 100, TestTimeouts.Delivery, "more posts");
        await stopPosting.CancelAsync();
        await posting;

        using var reader = _cluster.CreateClient(server);
        try
        {
            await Timeline.AssertExactlyOnceAsync(reader, topic, editors, readers);
        }
        catch (Exception failure)
        {
            // What the workers said about the order (a change that stopped waiting for one before it).
            // Each worker's whole log, in the run's folder (kept with LIVEWIRE_TEST_KEEP=1).
            var folder = Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RUN_DIR") ?? Path.GetTempPath();
            for (var i = 0; i < _workers.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"{topic}-worker-{i}.log"), _workers[i].Output);
            }

            throw new InvalidOperationException($"{failure.Message}\n(worker logs: {folder}/{topic}-worker-*.log)", failure);
        }
    }

    private Task<NodeProcess> StartWorkerAsync() => NodeProcess.StartAsync("LiveWire.Ingestion", NodeProcess.FreePort(), new Dictionary<string, string>
    {
        ["ConnectionStrings__Redis"] = TestServers.Redis,
        ["ConnectionStrings__RabbitMq"] = _cluster.VirtualHost!.AmqpUri.ToString(),
        ["LiveWire__Redis__Prefix"] = _cluster.VirtualHost!.Name,
        ["LiveWire__Timeline__MaxEvents"] = Timeline.KeepEverything["LiveWire:Timeline:MaxEvents"]!,
    });
}
