using System.Buffers;
using LiveWire.Contracts;
using LiveWire.Realtime;
using LiveWire.Realtime.Internal;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

public sealed class EventRunTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private sealed class EventBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(TimelineEvent)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }

    private static TimelineEvent[] Events(string topic, int count) =>
    [
        .. Enumerable.Range(1, count).Select(seq => new TimelineEvent
        {
            Topic = topic, Seq = seq, Kind = EventKinds.Published, Id = $"d{seq}", Revision = 1, Headline = $"Update {seq}",
            AcceptedAt = DateTimeOffset.UnixEpoch, CommittedAt = DateTimeOffset.UnixEpoch,
        }),
    ];

    public static TheoryData<string> Protocols => ["json", "messagepack"];

    private static IHubProtocol Protocol(string name) => name == "json" ? new JsonHubProtocol() : new MessagePackHubProtocol();

    [Theory]
    [MemberData(nameof(Protocols))]
    public void A_run_is_written_as_the_bytes_of_one_event_message_per_event(string name)
    {
        var inner = Protocol(name);
        var events = Events("run-bytes", 3);

        var run = new EventRunHubProtocol(inner).GetMessageBytes(new InvocationMessage(LiveHub.EventMethod, [new EventRun(events)]));

        var separate = events.SelectMany(e => inner.GetMessageBytes(new InvocationMessage(LiveHub.EventMethod, [e])).ToArray()).ToArray();
        Assert.Equal(separate, run.ToArray());
        var input = new ReadOnlySequence<byte>(run);
        var parsed = new List<long>();
        while (inner.TryParseMessage(ref input, new EventBinder(), out var message))
        {
            var invocation = Assert.IsType<InvocationMessage>(message);
            Assert.Equal(LiveHub.EventMethod, invocation.Target);
            parsed.Add(Assert.IsType<TimelineEvent>(Assert.Single(invocation.Arguments)).Seq);
        }

        Assert.Equal([1L, 2L, 3L], parsed);
        Assert.True(input.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void Other_messages_are_written_as_the_wrapped_protocol_writes_them(string name)
    {
        var inner = Protocol(name);
        HubMessage[] messages =
        [
            new InvocationMessage(LiveHub.EventMethod, [Events("run-single", 1)[0]]),
            new CompletionMessage("7", null, 42, hasResult: true),
            PingMessage.Instance,
        ];

        foreach (var message in messages)
        {
            Assert.Equal(inner.GetMessageBytes(message).ToArray(), new EventRunHubProtocol(inner).GetMessageBytes(message).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task A_run_sent_by_the_ingestion_worker_reaches_a_reader_on_the_server_as_separate_events_in_order(string name)
    {
        var cluster = fixture.Cluster;
        var topic = Newsroom.NewTopic("run");
        var builder = new HubConnectionBuilder().WithUrl(new Uri(cluster.Servers[0].Url, LiveWireServerExtensions.HubPath));
        if (name == "messagepack")
        {
            builder.AddMessagePackProtocol();
        }

        await using var reader = builder.Build();
        var recorder = new EventRecorder(reader);
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "subscribe");

        var events = Events(topic, 4);
        var worker = cluster.Workers[0].Services.GetRequiredService<IHubContext<LiveHub>>();
        await worker.Clients.Group(TopicGroups.For(topic)).SendAsync(LiveHub.EventMethod, new EventRun(events)).Within(TestTimeouts.Delivery, "send");

        await Eventually.HoldsAsync(() => recorder.For(topic).Count >= 4, TestTimeouts.Delivery, "four events");
        Assert.Equal(events, recorder.For(topic));
    }
}
