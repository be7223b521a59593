using LiveWire.Contracts;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Timeline;
using LiveWire.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveWire.Testing;

/// <summary>
/// What every <see cref="IFanOut"/> must do, run against each composition of it (as ASP.NET Core's
/// <c>ScaleoutHubLifetimeManagerTests</c> does for every backplane): events are fanned out from the first Server and
/// read by readers of the last, so with a backplane every test crosses it. Each test has nodes and topics of its own.
/// </summary>
public abstract class FanOutConformanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset AcceptedAt = new(2026, 11, 29, 10, 30, 15, 123, TimeSpan.Zero);
    private readonly List<HubConnection> _readers = [];
    private LiveWireCluster? _cluster;

    /// <summary>Starts the Servers the test fans out from (the first) and reads on (the last).</summary>
    protected abstract Task<LiveWireCluster> StartClusterAsync();

    /// <inheritdoc />
    public async Task InitializeAsync() => _cluster = await StartClusterAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.DisposeAsync();
        }

        await _cluster!.DisposeAsync();
    }

    private IFanOut FanOut => _cluster!.Servers[0].Services.GetRequiredService<IFanOut>();

    private static TimelineEvent Event(string topic, long seq) => TimelineEvents.Compose(
        topic, seq, EventKinds.Published, 1, false, new DevelopmentFields { Id = $"dev-{seq}", Headline = $"Headline {seq}" },
        AcceptedAt, AcceptedAt.AddMilliseconds(seq), "e0e0e0e0");

    // A reader on the last Server, subscribed to topic.
    private async Task<EventRecorder> ReaderOfAsync(string topic)
    {
        var reader = LiveWireCluster.CreateHubConnection(_cluster!.Servers[^1]);
        _readers.Add(reader);
        var received = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "a reader to connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
        return received;
    }

    [Fact]
    public async Task Every_reader_of_the_topic_gets_each_event_once_in_seq_order_with_every_field()
    {
        var topic = Newsroom.NewTopic();
        var readers = new[] { await ReaderOfAsync(topic), await ReaderOfAsync(topic) };

        for (var seq = 1; seq <= 5; seq++)
        {
            await FanOut.PublishAsync(Event(topic, seq), CancellationToken.None).Within(TestTimeouts.Delivery, $"fanning out {seq}");
        }

        foreach (var received in readers)
        {
            await received.WaitForAsync(topic, e => e.Seq == 5, TestTimeouts.Delivery, "the fifth event");
            Assert.Equal([1L, 2L, 3L, 4L, 5L], received.For(topic).Select(e => e.Seq));
            var third = received.For(topic)[2];
            Assert.Equal((topic, EventKinds.Published, "dev-3", 1, "Headline 3", "e0e0e0e0"),
                (third.Topic, third.Kind, third.Id, third.Revision, third.Headline, third.Epoch));
            Assert.Equal((AcceptedAt, AcceptedAt.AddMilliseconds(3)), (third.AcceptedAt, third.CommittedAt));
        }
    }

    [Fact]
    public async Task Events_fanned_out_at_once_reach_the_reader_in_the_order_they_were_handed_over()
    {
        var topic = Newsroom.NewTopic();
        var received = await ReaderOfAsync(topic);

        // Handed over while the first is still on its way: the rest go together, as runs.
        var publishes = Enumerable.Range(1, 50).Select(seq => FanOut.PublishAsync(Event(topic, seq), CancellationToken.None)).ToArray();
        await Task.WhenAll(publishes).Within(TestTimeouts.Delivery, "fanning out 50 events");

        await received.WaitForAsync(topic, e => e.Seq == 50, TestTimeouts.Delivery, "the fiftieth event");
        Assert.Equal(Enumerable.Range(1, 50).Select(seq => (long)seq), received.For(topic).Select(e => e.Seq));
    }

    [Fact]
    public async Task A_reader_gets_the_topics_it_subscribed_to_and_no_other()
    {
        var (topic, other) = (Newsroom.NewTopic(), Newsroom.NewTopic());
        var reader = await ReaderOfAsync(topic);
        var otherReader = await ReaderOfAsync(other);

        await FanOut.PublishAsync(Event(other, 1), CancellationToken.None).Within(TestTimeouts.Delivery, "fanning out to the other topic");
        await FanOut.PublishAsync(Event(topic, 1), CancellationToken.None).Within(TestTimeouts.Delivery, "fanning out to the topic");
        await otherReader.WaitForAsync(other, e => e.Seq == 1, TestTimeouts.Delivery, "the other topic's event");
        await reader.WaitForAsync(topic, e => e.Seq == 1, TestTimeouts.Delivery, "the topic's event");

        Assert.Empty(reader.For(other));
        Assert.Empty(otherReader.For(topic));
    }
}
