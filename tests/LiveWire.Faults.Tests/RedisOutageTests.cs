using System.Diagnostics;
using System.Net;
using LiveWire.Contracts;
using LiveWire.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Redis is killed and stays down (60 s; <c>LIVEWIRE_FAULT_REDIS_DOWN_SECONDS</c> for longer, e.g. 600) while editors
/// post and a CMS puts changes straight on the bus. Posts answer 503 <c>store-unavailable</c> (never 500); the
/// worker holds the changes it cannot commit and none reaches the error queue; once Redis is back (from its AOF) every
/// 202 and every change on the bus commits, once.
/// </summary>
public sealed class RedisOutageTests : IAsyncLifetime
{
    private RedisProcess _redis = null!;
    private LiveWireCluster _cluster = null!;

    private static TimeSpan Outage => TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("LIVEWIRE_FAULT_REDIS_DOWN_SECONDS"), out var seconds) ? seconds : 60);

    public async Task InitializeAsync()
    {
        _redis = await RedisProcess.StartAsync();
        _cluster = await LiveWireCluster.StartAsync(
            servers: 1,
            workers: 1,
            new Dictionary<string, string?>(Timeline.KeepEverything) { ["ConnectionStrings:Redis"] = _redis.Address });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Posts_during_a_Redis_outage_answer_503_changes_wait_on_the_bus_and_all_commit_once_it_is_back()
    {
        var topic = Newsroom.NewTopic("redis");
        var cmsTopic = Newsroom.NewTopic("cms");
        var server = _cluster.Servers[0];
        await using var readers = await Readers.StartAsync([server.Url], topic, count: 3);
        var newsrooms = Enumerable.Range(0, 3).Select(_ => _cluster.CreateNewsroomClient(server)).ToArray();
        var editors = new Editors();
        using var stopPosting = new CancellationTokenSource(Outage + TimeSpan.FromMinutes(3));
        var posting = editors.PostAsync(newsrooms, topic, maxPerEditor: 3_000, stopPosting.Token);
        await Eventually.HoldsAsync(() => editors.Accepted.Count >= 10, TestTimeouts.Delivery, "the first posts to be accepted");

        await _redis.KillAsync();
        var down = Stopwatch.StartNew();
        var acceptedBefore = editors.Accepted.Count;

        // A CMS's changes reach the worker while it cannot commit them.
        var bus = await server.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("exchange:livewire-timeline"));
        const int CmsChanges = 20;
        for (var i = 1; i <= CmsChanges; i++)
        {
            await bus.Send(new PublishDevelopment { Topic = cmsTopic, Id = $"cms-{i}", Headline = $"From the CMS, {i}", AcceptedAt = DateTimeOffset.UtcNow });
        }

        await Task.Delay(Outage - down.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        var errorQueue = await _cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error");
        await _redis.RestartAsync();

        await Eventually.HoldsAsync(() => editors.Accepted.Count >= acceptedBefore + 30, TestTimeouts.Startup, "posts to be accepted again");
        await stopPosting.CancelAsync();
        await posting;

        var refused = editors.Answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.Equal("store-unavailable", a.Code));
        Assert.Equal(0, errorQueue);
        using var reader = _cluster.CreateClient(server);
        await Timeline.AssertExactlyOnceAsync(reader, topic, editors, readers);

        await reader.WaitForSeqAsync(cmsTopic, CmsChanges, TestTimeouts.Startup);
        var cms = await reader.GetEventsAsync(cmsTopic);
        Assert.Equal(Enumerable.Range(1, CmsChanges).Select(i => $"cms-{i}").Order(), cms.Events.Select(e => e.Id).Order());
        Assert.Equal(0, await _cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error"));
    }
}
