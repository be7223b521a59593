using LiveWire.Contracts;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Timeline;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

/// <summary>
/// Two deployments on one Redis, each with its own <c>LiveWire:Redis:Prefix</c> (staging beside production, say):
/// their readers never see each other's events, even on topics of the same name, <c>breaking</c> included.
/// </summary>
public sealed class SharedRedisTests : IAsyncLifetime
{
    private readonly List<HubConnection> _readers = [];
    private LiveWireCluster _first = null!;
    private LiveWireCluster _second = null!;

    public async Task InitializeAsync()
    {
        _first = await LiveWireCluster.StartAsync(servers: 1, workers: 0);
        _second = await LiveWireCluster.StartAsync(servers: 1, workers: 0);
    }

    public async Task DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync();
        }

        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Theory]
    [InlineData("shared")]
    [InlineData("breaking")]
    public async Task A_deployment_on_the_same_Redis_under_another_prefix_delivers_nothing_to_this_ones_readers(string name)
    {
        var topic = name == "breaking" ? name : Newsroom.NewTopic(name);
        var ours = await ReaderOfAsync(_first, topic);
        var theirs = await ReaderOfAsync(_second, topic);

        // Theirs first, and seen by their reader: Redis hands a connection its messages in the order they were
        // published, so had it crossed over, ours would have it before our own event.
        await FanOutAsync(_second, Event(topic, "their-1", "Their news"));
        await theirs.WaitForAsync(topic, e => e.Id == "their-1", TestTimeouts.Delivery, "their event at their reader");
        await FanOutAsync(_first, Event(topic, "our-1", "Our news"));
        await ours.WaitForAsync(topic, e => e.Id == "our-1", TestTimeouts.Delivery, "our event at our reader");

        Assert.Equal(["our-1"], ours.For(topic).Select(e => e.Id));
        Assert.Equal(["their-1"], theirs.For(topic).Select(e => e.Id));
    }

    private static TimelineEvent Event(string topic, string id, string headline) => TimelineEvents.Compose(
        topic, 1, EventKinds.Published, 1, false, new DevelopmentFields { Id = id, Headline = headline },
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "e0e0e0e0");

    private static Task FanOutAsync(LiveWireCluster cluster, TimelineEvent timelineEvent) =>
        cluster.Servers[0].Services.GetRequiredService<IFanOut>()
            .PublishAsync(timelineEvent, CancellationToken.None)
            .Within(TestTimeouts.Delivery, $"fanning out {timelineEvent.Id}");

    private async Task<EventRecorder> ReaderOfAsync(LiveWireCluster cluster, string topic)
    {
        var reader = LiveWireCluster.CreateHubConnection(cluster.Servers[0]);
        _readers.Add(reader);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "a reader to connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
        return received;
    }
}
