using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using LiveWire.Contracts;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.LoadTest.References;

/// <summary>
/// The raw reference's fan-out: each event is framed once per protocol with SignalR's own protocol writers (so
/// readers get exactly the bytes a hub would send) and written to every socket of its topic, one event after
/// another, each socket's write started before any is awaited.
/// </summary>
internal sealed class RawBroadcaster(IHubProtocol json, IHubProtocol messagePack) : Microsoft.Extensions.Hosting.BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<WebSocket, bool>> _topics = new(StringComparer.Ordinal);
    private readonly Channel<TimelineEvent> _events = Channel.CreateUnbounded<TimelineEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Adds a socket to a topic; <paramref name="binary"/> for MessagePack readers.</summary>
    public void Join(string topic, WebSocket socket, bool binary) =>
        _topics.GetOrAdd(topic, _ => new()).TryAdd(socket, binary);

    public void Leave(string topic, WebSocket socket)
    {
        if (_topics.TryGetValue(topic, out var sockets))
        {
            sockets.TryRemove(socket, out _);
        }
    }

    public void Broadcast(TimelineEvent timelineEvent) => _events.Writer.TryWrite(timelineEvent);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new List<Task>();
        await foreach (var timelineEvent in _events.Reader.ReadAllAsync(stoppingToken))
        {
            if (!_topics.TryGetValue(timelineEvent.Topic, out var sockets))
            {
                continue;
            }

            var message = new InvocationMessage("event", [timelineEvent]);
            ReadOnlyMemory<byte> text = json.GetMessageBytes(message);
            ReadOnlyMemory<byte> binary = messagePack.GetMessageBytes(message);
            foreach (var (socket, isBinary) in sockets)
            {
                var send = isBinary
                    ? socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, stoppingToken)
                    : socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
                if (!send.IsCompletedSuccessfully)
                {
                    pending.Add(send.AsTask());
                }
            }

            try
            {
                await Task.WhenAll(pending);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A reader left mid-send; its socket leaves the topic when its request ends.
            }

            pending.Clear();
        }
    }
}
