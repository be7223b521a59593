using LiveWire.Contracts;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Redis freezes (SIGSTOP) for longer than the clients' command timeout, with its connections open and unread, while
/// editors post: commands time out rather than fail on a closed connection. The worker process and the Server stay up,
/// and once Redis goes on every post answered 202 commits once, in order. A reader's call that needs Redis meanwhile
/// answers the retryable <c>store-unavailable:</c>, not SignalR's generic error.
/// </summary>
public sealed class RedisStalledTests : IAsyncLifetime
{
    // Past StackExchange.Redis's 5-s command timeout, and past the reader tallies' 5-s period, so a background
    // service's command is sure to time out.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(12);

    private RedisProcess _redis = null!;
    private LiveWireCluster _cluster = null!;
    private NodeProcess _worker = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _cluster = await LiveWireCluster.StartAsync(
            servers: 1,
            workers: 0,
            new Dictionary<string, string?>(Timeline.KeepEverything) { ["ConnectionStrings:Redis"] = _redis.Address });
        _worker = await NodeProcess.StartAsync("LiveWire.Ingestion", NodeProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = _redis.Address,
            ["ConnectionStrings__RabbitMq"] = _cluster.VirtualHost!.AmqpUri.ToString(),
            ["LiveWire__Redis__Prefix"] = _cluster.VirtualHost!.Name,
            ["LiveWire__Timeline__MaxEvents"] = Timeline.KeepEverything["LiveWire:Timeline:MaxEvents"]!,
        });
    }

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_outlives_a_stalled_Redis_and_every_accepted_post_commits_once()
    {
        var topic = Newsroom.NewTopic("stall");
        var server = _cluster.Servers[0];
        await using var readers = await Readers.StartAsync([server.Url], topic, count: 3);
        var newsrooms = Enumerable.Range(0, 3).Select(_ => _cluster.CreateNewsroomClient(server)).ToArray();
        var editors = new Editors();
        using var stopPosting = new CancellationTokenSource(Stall + TimeSpan.FromMinutes(2));
        var posting = editors.PostAsync(newsrooms, topic, maxPerEditor: 3_000, stopPosting.Token);
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= 10, TestTimeouts.Delivery, "the first posts to be accepted");

        _redis.Stall();
        try
        {
            // The fault lasts this long: nothing to wait for meanwhile.
            await Task.Delay(Stall);
        }
        finally
        {
            _redis.Resume();
        }

        var acceptedBefore = editors.Accepted.Count;
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= acceptedBefore + 30, TestTimeouts.Startup, "posts to be accepted again");
        await stopPosting.CancelAsync();
        await posting;

        Assert.False(_worker.HasExited, $"the worker stopped:\n{_worker.Output}");
        using var reader = _cluster.CreateClient(server);
        try
        {
            await Timeline.AssertExactlyOnceAsync(reader, topic, editors, readers);
        }
        catch (Exception failure)
        {
            // The worker's whole log, in the run's folder (kept with LIVEWIRE_TEST_KEEP=1).
            var log = Path.Combine(Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RUN_DIR") ?? Path.GetTempPath(), $"{topic}-worker.log");
            await File.WriteAllTextAsync(log, _worker.Output);
            throw new InvalidOperationException($"{failure.Message}\n(worker log: {log})", failure);
        }

        Assert.False(_worker.HasExited, $"the worker stopped:\n{_worker.Output}");
    }

    [Fact]
    public async Task A_subscribe_while_Redis_is_stalled_answers_store_unavailable_and_succeeds_once_Redis_goes_on()
    {
        var topic = Newsroom.NewTopic("stall-subscribe");
        await using var reader = LiveWireCluster.CreateHubConnection(_cluster.Servers[0]);
        await reader.StartAsync().Within(TestTimeouts.Startup, "a reader to connect");

        _redis.Stall();
        HubException refused;
        try
        {
            refused = await Assert.ThrowsAsync<HubException>(
                () => reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Startup, "Subscribe to answer"));
        }
        finally
        {
            _redis.Resume();
        }

        // SignalR prefixes a HubException's message with "An unexpected error occurred invoking 'Subscribe'… HubException: ".
        Assert.StartsWith($"{HubErrorCodes.StoreUnavailable}:", refused.Message.Split("HubException: ").Last(), StringComparison.Ordinal);
        var joined = await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Startup, "Subscribe after the stall");
        Assert.Equal(topic, joined.Topic);
    }
}
