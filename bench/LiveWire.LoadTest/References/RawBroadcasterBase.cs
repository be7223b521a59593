using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using LiveWire.Contracts;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.LoadTest.References;

/// <summary>
/// What both raw references share: the sockets of each topic, and one loop that frames each posted event once per
/// protocol with SignalR's own protocol writers (so readers get exactly the bytes a hub would send) and hands the
/// frames to <see cref="SendAsync"/>. The two differ only in how a frame reaches the sockets.
/// </summary>
/// <typeparam name="TReader">What the broadcaster keeps per socket.</typeparam>
internal abstract class RawBroadcasterBase<TReader>(IHubProtocol json, IHubProtocol messagePack) : Microsoft.Extensions.Hosting.BackgroundService, IRawBroadcaster
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<WebSocket, TReader>> _topics = new(StringComparer.Ordinal);
    private readonly Channel<TimelineEvent> _events = Channel.CreateUnbounded<TimelineEvent>(new UnboundedChannelOptions { SingleReader = true });

    public void Join(string topic, WebSocket socket, bool binary) =>
        _topics.GetOrAdd(topic, _ => new()).TryAdd(socket, Reader(socket, binary));

    public void Leave(string topic, WebSocket socket)
    {
        if (_topics.TryGetValue(topic, out var sockets))
        {
            sockets.TryRemove(socket, out _);
        }
    }

    public void Broadcast(TimelineEvent timelineEvent) => _events.Writer.TryWrite(timelineEvent);

    /// <summary>What to keep for a socket that joins a topic.</summary>
    protected abstract TReader Reader(WebSocket socket, bool binary);

    /// <summary>Sends one event's frames (<paramref name="text"/> for JSON readers, <paramref name="binary"/> for MessagePack) to a topic's readers.</summary>
    protected abstract Task SendAsync(ICollection<TReader> readers, ReadOnlyMemory<byte> text, ReadOnlyMemory<byte> binary, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var timelineEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            if (_topics.TryGetValue(timelineEvent.Topic, out var sockets))
            {
                var message = new InvocationMessage("event", [timelineEvent]);
                await SendAsync(sockets.Values, json.GetMessageBytes(message), messagePack.GetMessageBytes(message), stoppingToken);
            }
        }
    }
}
