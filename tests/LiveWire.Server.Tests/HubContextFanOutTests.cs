using LiveWire.Contracts;
using LiveWire.Core.Delivery;
using LiveWire.Core.Presence;
using LiveWire.Realtime;
using LiveWire.Realtime.Internal;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveWire.Server.Tests;

public sealed class HubContextFanOutTests
{
    // Records what is sent to the topic's group; the first send is held while it is "being written".
    private sealed class GroupProxy : IClientProxy
    {
        private readonly List<object?> _sent = [];

        public HeldFirstWrite FirstWrite { get; } = new();

        public object?[] Sent
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken)
        {
            Assert.Equal(LiveHub.EventMethod, method);
            int index;
            lock (_sent)
            {
                _sent.Add(Assert.Single(args));
                index = _sent.Count - 1;
            }

            FirstWrite.HoldIfFirst(index, cancellationToken);
            return Task.CompletedTask;
        }
    }

    private sealed class GroupClients(IClientProxy group) : IHubClients
    {
        public IClientProxy All => throw new NotSupportedException();

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => groupName == TopicGroups.For("fan-out-test") ? group : throw new NotSupportedException(groupName);

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class HubContext(IHubClients clients) : IHubContext<LiveHub>
    {
        public IHubClients Clients => clients;

        public IGroupManager Groups => throw new NotSupportedException();
    }

    private sealed class Protocols(params IHubProtocol[] protocols) : IHubProtocolResolver
    {
        public IReadOnlyList<IHubProtocol> AllProtocols => protocols;

        public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) =>
            protocols.FirstOrDefault(protocol => protocol.Name == protocolName);
    }

    private static TimelineEvent Event(long seq) => new()
    {
        Topic = "fan-out-test", Seq = seq, Kind = EventKinds.Published, Id = $"d{seq}", Revision = 1,
        AcceptedAt = DateTimeOffset.UnixEpoch, CommittedAt = DateTimeOffset.UnixEpoch,
    };

    // Publishes 1, then 3 and 2 while 1 is being written; returns what reached the group.
    private static async Task<object?[]> PublishDuringAWriteAsync(IHubProtocolResolver protocols, ReaderTally? readers = null, DeliveryAggregator? deliveries = null)
    {
        var group = new GroupProxy();
        var fanOut = new HubContextFanOut(
            new HubContext(new GroupClients(group)),
            new DefaultHubLifetimeManager<LiveHub>(NullLogger<DefaultHubLifetimeManager<LiveHub>>.Instance),
            protocols,
            readers ?? new ReaderTally(),
            deliveries ?? new DeliveryAggregator(),
            NullLogger<HubContextFanOut>.Instance);

        var first = Task.Run(() => fanOut.PublishAsync(Event(1), CancellationToken.None));
        await group.FirstWrite.Writing.Task.Within(TestTimeouts.Delivery, "the first send being written");
        var later = new[] { fanOut.PublishAsync(Event(3), CancellationToken.None), fanOut.PublishAsync(Event(2), CancellationToken.None) };
        group.FirstWrite.Release();

        await first.Within(TestTimeouts.Delivery, "the first send");
        await Task.WhenAll(later).Within(TestTimeouts.Delivery, "the later sends");
        return group.Sent;
    }

    [Fact]
    public async Task Events_that_came_during_a_send_go_as_one_run_when_every_protocol_writes_runs()
    {
        var sent = await PublishDuringAWriteAsync(new Protocols(new EventRunHubProtocol(new JsonHubProtocol()), new EventRunHubProtocol(new MessagePackHubProtocol())));

        Assert.Equal(2, sent.Length);
        Assert.Equal(1, Assert.IsType<TimelineEvent>(sent[0]).Seq);
        Assert.Equal([2L, 3L], Assert.IsType<EventRun>(sent[1]).Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Events_that_came_during_a_send_go_one_by_one_in_order_when_a_protocol_would_not_write_a_run()
    {
        var sent = await PublishDuringAWriteAsync(new Protocols(new EventRunHubProtocol(new JsonHubProtocol()), new MessagePackHubProtocol()));

        Assert.Equal([1L, 2L, 3L], sent.Select(message => Assert.IsType<TimelineEvent>(message).Seq));
    }

    [Fact]
    public async Task Without_a_backplane_each_event_counts_the_readers_of_its_topic_on_this_node_as_written_to()
    {
        var (readers, deliveries) = (new ReaderTally(), new DeliveryAggregator());
        readers.Add("fan-out-test");
        readers.Add("fan-out-test");
        readers.Add("another-topic");

        await PublishDuringAWriteAsync(new Protocols(new EventRunHubProtocol(new JsonHubProtocol())), readers, deliveries);

        Assert.Equal(
            [(1L, 2L), (2L, 2L), (3L, 2L)],
            deliveries.Drain().Select(batch => (batch.Seq, batch.Subscribers)).Order());
    }
}
