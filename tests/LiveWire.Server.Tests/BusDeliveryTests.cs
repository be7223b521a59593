using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime;
using LiveWire.Testing;
using MassTransit;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

/// <summary>What the bus may do to a message (redeliver it, fail it) and what a CMS may put on it directly.</summary>
public sealed class BusDeliveryTests(BusDeliveryTests.Fixture fixture) : IClassFixture<BusDeliveryTests.Fixture>
{
    public sealed class Fixture : ClusterFixture
    {
        // Short retries, so a message that keeps failing reaches the error queue within the test's patience.
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{IngestionOptions.SectionName}:RetryIntervals:0"] = "00:00:00.050",
            [$"{IngestionOptions.SectionName}:RetryIntervals:1"] = "00:00:00.100",
        };
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private IBus Bus => Cluster.Servers[0].Services.GetRequiredService<IBus>();

    [Fact]
    public async Task The_same_message_delivered_twice_by_the_bus_becomes_one_event()
    {
        using var worker = new NodeMetrics(Cluster.Workers[0]);
        var topic = Newsroom.NewTopic();
        var messageId = NewId.NextGuid();
        var endpoint = await Bus.GetSendEndpoint(new Uri("queue:livewire-timeline"));
        var message = new PublishDevelopment { Topic = topic, Headline = "Sent twice", AcceptedAt = DateTimeOffset.UtcNow };

        // No id in the message: the ingestion derives it from the message id, so both deliveries name one development.
        await endpoint.Send(message, context => context.MessageId = messageId);
        await endpoint.Send(message, context => context.MessageId = messageId);

        await Eventually.HoldsAsync(
            () => worker.Total(LiveWireTelemetry.Instruments.EventsDuplicate) >= 1,
            TestTimeouts.Delivery,
            "the second delivery to be recognised as a duplicate");
        using var reader = Cluster.CreateClient(Cluster.Servers[0]);
        var page = await reader.GetEventsAsync(topic);
        var only = Assert.Single(page.Events);
        Assert.Equal((1L, 1L, "Sent twice"), (page.LatestSeq, only.Seq, only.Headline));
        Assert.Equal(1, worker.Total(LiveWireTelemetry.Instruments.EventsCommitted));
    }

    [Fact]
    public async Task A_cms_that_publishes_PublishDevelopment_on_the_bus_reaches_readers_like_a_post()
    {
        var topic = Newsroom.NewTopic();
        await using var connection = LiveWireCluster.CreateHubConnection(Cluster.Servers[0]);
        var received = new EventRecorder(connection);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");

        await Bus.Publish(new PublishDevelopment
        {
            Topic = topic,
            Id = "from-cms",
            Headline = "Published by the CMS",
            Body = "<p>Straight onto the bus<img src=x onerror=alert(1)></p>",
            Priority = "normal",
            SubmittedAt = DateTimeOffset.UtcNow,
        });

        await received.WaitForAsync(topic, e => e.Id == "from-cms", TestTimeouts.Delivery, "the CMS's development");
        var delivered = Assert.Single(received.For(topic));
        Assert.Equal((1L, "<p>Straight onto the bus</p>"), (delivered.Seq, delivered.Body));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_in_the_error_queue_after_its_retries()
    {
        var topic = Newsroom.NewTopic();
        using var worker = new NodeMetrics(Cluster.Workers[0]);

        // A correction of a development that never existed fails on every try.
        await Bus.Publish(new CorrectDevelopment { Topic = topic, Id = "never-published", Headline = "Fix" });

        await Eventually.HoldsAsync(
            async () => await Cluster.VirtualHost!.GetQueueDepthAsync("livewire-timeline_error") >= 1,
            TimeSpan.FromSeconds(60),
            "the failed correction to reach livewire-timeline_error");
        Assert.Equal(0, worker.Total(LiveWireTelemetry.Instruments.EventsCommitted));
    }
}
