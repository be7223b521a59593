using System.Diagnostics;
using System.Net.WebSockets;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// One reader: a raw WebSocket speaking SignalR's protocol, far lighter than a <c>HubConnection</c>, so tens of
/// thousands fit in one process. It notes the time at each frame's arrival, before parsing, and checks every
/// <c>seq</c> of its topic against a bitmap: a second arrival is a repeat, a number beyond what was posted is
/// unexpected, and a number never seen is lost. A reader may connect again after its connection ends (the soak's
/// readers do): it resumes with <c>Subscribe(topic, afterSeq)</c> from <see cref="ResumeSeq"/>, keeping its bitmap, so
/// what the replay repeats counts as a repeat and what neither the replay nor the live stream brings stays lost.
/// </summary>
internal sealed class HubReader : IDisposable
{
    private readonly WireProtocol _protocol;
    private readonly DeliveryLedger _ledger;
    private readonly ulong[] _seen;
    private readonly WebSocketMessageType _messageType;
    private ClientWebSocket _socket = NewSocket();
    private TaskCompletionSource<(string? Error, bool Reset)> _subscribed = NewAnswer();
    private byte[] _buffer = new byte[4096];
    private int _filled;
    private long _highestSeq;
    private long _highestSeqAt;
    private long _contiguousSeq;
    private Task _receiving = Task.CompletedTask;

    // Acks and pings go out only between a completed Subscribe and the connection's end, never during a handshake.
    private volatile bool _live;
    private volatile bool _leaving;

    public HubReader(string topic, int topicIndex, int capacity, WireProtocol protocol, DeliveryLedger ledger)
    {
        Topic = topic;
        TopicIndex = topicIndex;
        _protocol = protocol;
        _ledger = ledger;
        _seen = new ulong[(capacity + 64) / 64];
        _messageType = protocol == WireProtocol.Json ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
    }

    public string Topic { get; }

    public int TopicIndex { get; }

    /// <summary>Distinct events received.</summary>
    public long Unique { get; private set; }

    /// <summary>The highest seq acknowledged so far (by <see cref="SendAckOrPingAsync"/>).</summary>
    public long AckedSeq { get; private set; }

    /// <summary>When this reader last sent anything (Stopwatch timestamp).</summary>
    public long LastSentAt { get; private set; }

    /// <summary>Why the server closed this connection, when it did.</summary>
    public string? ClosedWith { get; private set; }

    /// <summary>
    /// The last seq this reader holds with every seq before it: where a client that applies events in order
    /// resumes, so a gap is asked for again rather than skipped.
    /// </summary>
    public long ResumeSeq => Volatile.Read(ref _contiguousSeq);

    /// <summary>
    /// Connects, completes the handshake, and (unless <paramref name="subscribeInQuery"/>: the raw WebSocket
    /// reference takes the topic in the URL) subscribes with <c>Subscribe(topic, afterSeq)</c>, waiting for its
    /// answer (after any replay). Answers whether the server said <c>reset</c>: it no longer holds what
    /// <paramref name="afterSeq"/> asked for. Again after the last connection ended (see <see cref="Receiving"/>),
    /// this connects anew; a failed attempt leaves the reader closed, ready for another.
    /// </summary>
    public async Task<bool> ConnectAsync(Uri hub, HttpMessageInvoker invoker, bool subscribeInQuery, long? afterSeq, CancellationToken cancellationToken)
    {
        if (!_receiving.IsCompleted)
        {
            throw new InvalidOperationException("The reader is still connected.");
        }

        if (_socket.State != WebSocketState.None)
        {
            _socket.Dispose();
            _socket = NewSocket();
            _subscribed = NewAnswer();
            _filled = 0;
        }

        ClosedWith = null;
        _leaving = false;
        try
        {
            await _socket.ConnectAsync(hub, invoker, cancellationToken);
            await SendAsync(HubFrames.Handshake(_protocol), cancellationToken);
            await ReadHandshakeAsync(cancellationToken);
            _receiving = ReceiveAsync(CancellationToken.None);
            var reset = false;
            if (!subscribeInQuery)
            {
                await SendAsync(HubFrames.Subscribe(_protocol, Topic, afterSeq), cancellationToken);
                (var error, reset) = await _subscribed.Task.WaitAsync(cancellationToken);
                if (error is not null)
                {
                    throw new InvalidOperationException($"Subscribe({Topic}) failed: {error}");
                }
            }

            LastSentAt = Stopwatch.GetTimestamp();
            _live = true;
            return reset;
        }
        catch
        {
            _socket.Abort();
            await _receiving;
            ClosedWith ??= "connect failed";
            throw;
        }
    }

    /// <summary>Drops the connection on purpose, as a reader leaving would; <see cref="TakeLeft"/> then says so.</summary>
    public void Leave()
    {
        _leaving = true;
        _live = false;
        _socket.Abort();
    }

    /// <summary>Whether the last connection ended through <see cref="Leave"/> (and forgets it).</summary>
    public bool TakeLeft()
    {
        var left = _leaving;
        _leaving = false;
        return left;
    }

    /// <summary>Whether the reader is connected and subscribed.</summary>
    public bool Live => _live;

    /// <summary>
    /// With <paramref name="acks"/>, acknowledges the highest seq received since the last ack (with how long it was
    /// held); otherwise, or with nothing new, pings when the connection has been silent for
    /// <paramref name="keepAlive"/>, so the server does not time it out.
    /// </summary>
    public async ValueTask SendAckOrPingAsync(bool acks, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        if (!_live || _socket.State != WebSocketState.Open)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var highest = Volatile.Read(ref _highestSeq);
        if (acks && highest > AckedSeq)
        {
            var held = (int)Stopwatch.GetElapsedTime(Volatile.Read(ref _highestSeqAt), now).TotalMilliseconds;
            await SendAsync(HubFrames.Ack(_protocol, Topic, highest, Math.Max(0, held)), cancellationToken);
            AckedSeq = highest;
        }
        else if (Stopwatch.GetElapsedTime(LastSentAt, now) >= keepAlive)
        {
            await SendAsync(HubFrames.Ping(_protocol), cancellationToken);
        }
        else
        {
            return;
        }

        LastSentAt = now;
    }

    private ValueTask SendAsync(byte[] frame, CancellationToken cancellationToken) =>
        _socket.SendAsync(frame.AsMemory(), _messageType, endOfMessage: true, cancellationToken);

    private async Task ReadHandshakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The server closed the connection during the handshake.");
            }

            _filled += result.Count;
            var end = _buffer.AsSpan(0, _filled).IndexOf(HubFrames.RecordSeparator);
            if (end < 0)
            {
                continue;
            }

            if (_buffer.AsSpan(0, end).IndexOf("error"u8) >= 0)
            {
                throw new InvalidOperationException($"Handshake refused: {System.Text.Encoding.UTF8.GetString(_buffer, 0, end)}");
            }

            Consume(end + 1);
            return;
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                Parse();
                if (_filled == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(_buffer.AsMemory(_filled), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedWith ??= _socket.CloseStatusDescription ?? "closed by the server";
                    return;
                }

                _filled += result.Count;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            ClosedWith ??= exception.Message;
        }
        finally
        {
            _live = false;
            _subscribed.TrySetResult((ClosedWith ?? "closed", false));
        }
    }

    private void Parse()
    {
        var receivedUtc = DateTime.UtcNow;
        var receivedAt = Stopwatch.GetTimestamp();
        var offset = 0;
        var messages = 0;
        while (HubFrames.TryRead(_protocol, _buffer.AsMemory(offset, _filled - offset), out var message, out var used))
        {
            offset += used;
            messages++;
            Handle(message, receivedUtc, receivedAt);
        }

        if (offset > 0)
        {
            _ledger.CountRead(messages, offset);
            Consume(offset);
        }
    }

    private void Handle(in IncomingMessage message, DateTime receivedUtc, long receivedAt)
    {
        switch (message.Type)
        {
            case HubFrames.InvocationType when message.Seq > 0:
                Record(message, receivedUtc, receivedAt);
                break;
            case HubFrames.CompletionType:
                _subscribed.TrySetResult((message.Error, message.Reset));
                break;
            case HubFrames.CloseType:
                ClosedWith = message.Error ?? "closed by the server";
                break;
        }
    }

    private void Record(in IncomingMessage message, DateTime receivedUtc, long receivedAt)
    {
        var seq = message.Seq;
        var word = (int)(seq / 64);
        if (word >= _seen.Length)
        {
            _ledger.Unexpect();
            return;
        }

        var bit = 1UL << (int)(seq % 64);
        if ((_seen[word] & bit) != 0)
        {
            _ledger.Repeat();
            return;
        }

        _seen[word] |= bit;
        Unique++;
        if (seq == _contiguousSeq + 1)
        {
            var next = seq;
            while (Has(next + 1))
            {
                next++;
            }

            Volatile.Write(ref _contiguousSeq, next);
        }

        if (seq > _highestSeq)
        {
            Volatile.Write(ref _highestSeqAt, receivedAt);
            Volatile.Write(ref _highestSeq, seq);
        }

        _ledger.Deliver(TopicIndex, seq, message.SentAt != default ? message.SentAt : message.AcceptedAt.UtcDateTime, receivedUtc, receivedAt);
    }

    private bool Has(long seq) => seq / 64 < _seen.Length && (_seen[seq / 64] & (1UL << (int)(seq % 64))) != 0;

    private static ClientWebSocket NewSocket()
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        return socket;
    }

    private static TaskCompletionSource<(string? Error, bool Reset)> NewAnswer() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Consume(int count)
    {
        _buffer.AsSpan(count, _filled - count).CopyTo(_buffer);
        _filled -= count;
    }

    /// <summary>Drops the connection at once (no close handshake), as a reader closing its tab would.</summary>
    public void Dispose()
    {
        _live = false;
        _socket.Abort();
        _socket.Dispose();
    }

    /// <summary>Completes when the receive loop has ended.</summary>
    public Task Receiving => _receiving;
}
