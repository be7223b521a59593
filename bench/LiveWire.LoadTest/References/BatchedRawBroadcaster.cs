using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.LoadTest.References;

/// <summary>
/// The strong raw reference: each event is framed once per protocol and queued on every socket of its topic; each
/// socket writes everything queued for it in one WebSocket message (SignalR's framing lets one message carry several
/// hub messages, as a hub's own transport does), on the thread pool. Posting never waits for a socket, so a slow
/// socket batches instead of holding up the rest: what a batching server can do on this machine, with nothing else
/// in the way.
/// </summary>
internal sealed class BatchedRawBroadcaster(IHubProtocol json, IHubProtocol messagePack) : RawBroadcasterBase<BatchedRawBroadcaster.Outbox>(json, messagePack)
{
    protected override Outbox Reader(WebSocket socket, bool binary) => new(socket, binary);

    protected override Task SendAsync(ICollection<Outbox> readers, ReadOnlyMemory<byte> text, ReadOnlyMemory<byte> binary, CancellationToken cancellationToken)
    {
        foreach (var outbox in readers)
        {
            outbox.Enqueue(outbox.Binary ? binary : text, cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>One socket's queue and its single writer, started when the queue stops being empty.</summary>
    internal sealed class Outbox(WebSocket socket, bool binary)
    {
        private readonly List<ReadOnlyMemory<byte>> _queued = [];
        private bool _writing;
        private CancellationToken _stopping;

        public bool Binary => binary;

        public void Enqueue(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
        {
            lock (_queued)
            {
                _queued.Add(frame);
                if (_writing)
                {
                    return;
                }

                _writing = true;
                _stopping = cancellationToken;
            }

            // The writes run on the thread pool, as a hub's transport loops do: queueing an event for every socket
            // costs the posting loop a list append each, and the sockets' writes spread over every core.
            ThreadPool.UnsafeQueueUserWorkItem(static outbox => _ = outbox.WriteAsync(outbox._stopping), this, preferLocal: false);
        }

        private async Task WriteAsync(CancellationToken cancellationToken)
        {
            var type = binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
            try
            {
                while (true)
                {
                    byte[]? rented = null;
                    ReadOnlyMemory<byte> payload;
                    lock (_queued)
                    {
                        if (_queued.Count == 0)
                        {
                            _writing = false;
                            return;
                        }

                        if (_queued.Count == 1)
                        {
                            payload = _queued[0];
                        }
                        else
                        {
                            var length = 0;
                            foreach (var frame in _queued)
                            {
                                length += frame.Length;
                            }

                            rented = ArrayPool<byte>.Shared.Rent(length);
                            var offset = 0;
                            foreach (var frame in _queued)
                            {
                                frame.Span.CopyTo(rented.AsSpan(offset));
                                offset += frame.Length;
                            }

                            payload = rented.AsMemory(0, length);
                        }

                        _queued.Clear();
                    }

                    try
                    {
                        await socket.SendAsync(payload, type, endOfMessage: true, cancellationToken);
                    }
                    finally
                    {
                        if (rented is not null)
                        {
                            ArrayPool<byte>.Shared.Return(rented);
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The reader went away; its socket leaves the topic when its request ends. Nothing more is written.
            }
        }
    }
}
