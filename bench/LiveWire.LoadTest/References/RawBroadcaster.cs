using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.LoadTest.References;

/// <summary>
/// The unbatched raw reference: each event is written to every socket of its topic, one event after another, each
/// socket's write started before any is awaited; the next event waits for every socket to take this one.
/// </summary>
internal sealed class RawBroadcaster(IHubProtocol json, IHubProtocol messagePack) : RawBroadcasterBase<RawBroadcaster.Socket>(json, messagePack)
{
    private readonly List<Task> _pending = [];

    protected override Socket Reader(WebSocket socket, bool binary) => new(socket, binary);

    protected override async Task SendAsync(ICollection<Socket> readers, ReadOnlyMemory<byte> text, ReadOnlyMemory<byte> binary, CancellationToken cancellationToken)
    {
        foreach (var (socket, isBinary) in readers)
        {
            var send = isBinary
                ? socket.SendAsync(binary, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken)
                : socket.SendAsync(text, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            if (!send.IsCompletedSuccessfully)
            {
                _pending.Add(send.AsTask());
            }
        }

        try
        {
            await Task.WhenAll(_pending);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reader left mid-send; its socket leaves the topic when its request ends.
        }

        _pending.Clear();
    }

    /// <summary>A reader's socket and whether it reads MessagePack.</summary>
    internal readonly record struct Socket(WebSocket WebSocket, bool Binary);
}
