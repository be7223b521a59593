using LiveWire.Contracts;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Topics;
using LiveWire.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

public sealed class BreakingLaneTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_breaking_publish_also_reaches_the_breaking_topic_once_with_its_own_seq_even_when_redelivered()
    {
        var server = _cluster.Servers[0];
        using var newsroom = _cluster.CreateNewsroomClient(server);
        using var worker = new NodeMetrics(_cluster.Workers[0]);
        var (first, second) = (Newsroom.NewTopic(), Newsroom.NewTopic());
        await newsroom.PostAsync(first, "calm", "Markets steady");
        await newsroom.PostAsync(first, "quake", "Earthquake hits the coast", priority: "breaking");

        // The same breaking message delivered twice by the bus, from another topic.
        var endpoint = await server.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri("exchange:livewire-timeline"));
        var messageId = NewId.NextGuid();
        var message = new PublishDevelopment { Topic = second, Id = "quake", Headline = "Tsunami warning issued", Priority = "breaking" };
        await endpoint.Send(message, context => context.MessageId = messageId);
        await endpoint.Send(message, context => context.MessageId = messageId);

        await Eventually.HoldsAsync(() => worker.Total(LiveWireTelemetry.Instruments.EventsDuplicate) >= 1, TestTimeouts.Delivery, "the redelivery to be seen");
        await newsroom.WaitForSeqAsync(TopicName.Breaking, 2);
        var lane = (await newsroom.GetEventsAsync(TopicName.Breaking)).Events;

        Assert.Equal([1L, 2L], lane.Select(e => e.Seq));
        Assert.Equal(new[] { first, second }.Order(), lane.Select(e => e.SourceTopic!).Order());
        Assert.All(lane, e => Assert.Equal(("quake", "breaking", TopicName.Breaking), (e.Id, e.Priority, e.Topic)));
        Assert.Equal(2, (await newsroom.GetEventsAsync(first)).LatestSeq);
        var state = await newsroom.GetTopicAsync(TopicName.Breaking);
        Assert.Equal(2, state.Developments.Count);
    }

    [Fact]
    public async Task Corrections_and_retractions_of_a_breaking_development_follow_it_onto_the_breaking_topic_and_others_do_not()
    {
        using var newsroom = _cluster.CreateNewsroomClient(_cluster.Servers[0]);
        var topic = Newsroom.NewTopic();
        await newsroom.PostAsync(topic, "calm", "Markets steady");
        await newsroom.PostAsync(topic, "quake", "Earthquake of magnitude 7 hits the coast", priority: "breaking");
        await newsroom.WaitForSeqAsync(TopicName.Breaking, 1);

        await newsroom.CorrectAsync(topic, "calm", "Markets steady after a slow start");
        await newsroom.CorrectAsync(topic, "quake", "Earthquake of magnitude 6 hits the coast");
        await newsroom.WaitForSeqAsync(TopicName.Breaking, 2);
        var banner = Assert.Single((await newsroom.GetTopicAsync(TopicName.Breaking)).Developments);
        Assert.Equal(("quake", topic, "Earthquake of magnitude 6 hits the coast", 2), (banner.Id, banner.SourceTopic, banner.Headline, banner.Revision));

        await newsroom.RetractAsync(topic, "calm", "Duplicate");
        await newsroom.RetractAsync(topic, "quake", "The agency withdrew its report");
        await newsroom.WaitForSeqAsync(topic, 6);
        await newsroom.WaitForSeqAsync(TopicName.Breaking, 3);

        var lane = (await newsroom.GetEventsAsync(TopicName.Breaking)).Events;
        Assert.Equal([("published", "quake"), ("corrected", "quake"), ("retracted", "quake")], lane.Select(e => (e.Kind, e.Id)));
        Assert.Equal("The agency withdrew its report", lane[^1].Reason);
        Assert.Empty((await newsroom.GetTopicAsync(TopicName.Breaking)).Developments);
    }
}
