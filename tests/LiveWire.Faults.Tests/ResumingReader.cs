using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LiveWire.Faults.Tests;

/// <summary>
/// A reader as light as the load tool's: one raw WebSocket speaking SignalR's JSON protocol straight to the hub
/// (negotiation skipped, as through a balancer without affinity). When its connection goes it comes back through the
/// same address after a jittered back-off (0.25 to 0.5 s, then up to 5 s, as the clients do) and resumes from the last
/// <c>seq</c> it saw. It counts each seq once and notes every repeat.
/// </summary>
internal sealed class ResumingReader : IAsyncDisposable
{
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly Uri _hub;
    private readonly string _topic;
    private readonly HashSet<long> _seen = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<long> _onDisconnect;
    private Task _running = Task.CompletedTask;
    private long _lastSeq;
    private int _repeats;
    private int _disconnects;

    private ResumingReader(Uri hub, string topic, Action<long> onDisconnect)
    {
        _hub = hub;
        _topic = topic;
        _onDisconnect = onDisconnect;
    }

    /// <summary>Distinct seqs received.</summary>
    public int Count
    {
        get
        {
            lock (_seen)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Events that arrived again after their first arrival.</summary>
    public int Repeats => Volatile.Read(ref _repeats);

    /// <summary>How often the connection went.</summary>
    public int Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>Whether every seq from 1 to <paramref name="latest"/> arrived.</summary>
    public bool HasAll(long latest)
    {
        lock (_seen)
        {
            return _seen.Count >= latest && Enumerable.Range(1, (int)latest).All(seq => _seen.Contains(seq));
        }
    }

    /// <summary>
    /// Connects to <paramref name="baseAddress"/>'s hub and subscribes to <paramref name="topic"/> from seq 0;
    /// returns once subscribed. <paramref name="onDisconnect"/> gets the Stopwatch timestamp of each lost connection.
    /// </summary>
    public static async Task<ResumingReader> StartAsync(Uri baseAddress, string topic, Action<long> onDisconnect, CancellationToken cancellationToken)
    {
        var hub = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/live" }.Uri;
        var reader = new ResumingReader(hub, topic, onDisconnect);
        var socket = await reader.ConnectAsync(cancellationToken);
        reader._running = reader.RunAsync(socket);
        return reader;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(_hub, cancellationToken);
            await socket.SendAsync(Handshake, WebSocketMessageType.Text, true, cancellationToken);
            var afterSeq = Interlocked.Read(ref _lastSeq);
            var subscribe = Encoding.UTF8.GetBytes(
                $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"Subscribe\",\"arguments\":[\"{_topic}\",{afterSeq}]}}\u001e");
            await socket.SendAsync(subscribe, WebSocketMessageType.Text, true, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task RunAsync(ClientWebSocket socket)
    {
        var stopping = _stopping.Token;
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ReadUntilClosedAsync(socket, stopping);
            }
            catch (Exception e) when (e is WebSocketException or IOException)
            {
            }
            finally
            {
                socket.Dispose();
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _disconnects);
            _onDisconnect(Stopwatch.GetTimestamp());
            while (true)
            {
                var backOff = attempt == 0
                    ? TimeSpan.FromMilliseconds(Random.Shared.Next(250, 500))
                    : TimeSpan.FromMilliseconds(Math.Min(5_000, 500 * (1 << Math.Min(attempt, 4))) * (0.5 + Random.Shared.NextDouble() / 2));
                attempt++;
                await Task.Delay(backOff, stopping);
                try
                {
                    socket = await ConnectAsync(stopping);
                    attempt = 0;
                    break;
                }
                catch (Exception e) when (e is WebSocketException or IOException or HttpRequestException)
                {
                }
            }
        }
    }

    private async Task ReadUntilClosedAsync(ClientWebSocket socket, CancellationToken stopping)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        var nextPing = Stopwatch.GetTimestamp();
        while (true)
        {
            if (Stopwatch.GetElapsedTime(nextPing) > TimeSpan.Zero)
            {
                await socket.SendAsync(Ping, WebSocketMessageType.Text, true, stopping);
                nextPing = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
            }

            var result = await socket.ReceiveAsync(buffer.GetMemory(8192), stopping);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            buffer.Advance(result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            foreach (var frame in Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Read(frame))
                {
                    return; // a close message
                }
            }

            buffer.Clear();
        }
    }

    // True for a close message.
    private bool Read(string frame)
    {
        using var json = JsonDocument.Parse(frame);
        if (!json.RootElement.TryGetProperty("type", out var type))
        {
            return false; // the handshake's answer
        }

        switch (type.GetInt32())
        {
            case 1 when json.RootElement.GetProperty("target").GetString() == "event":
                var seq = json.RootElement.GetProperty("arguments")[0].GetProperty("seq").GetInt64();
                lock (_seen)
                {
                    if (!_seen.Add(seq))
                    {
                        _repeats++;
                    }
                }

                // Resume from the highest seq with every seq below it seen: a gap is filled by the replay.
                lock (_seen)
                {
                    var last = Interlocked.Read(ref _lastSeq);
                    while (_seen.Contains(last + 1))
                    {
                        last++;
                    }

                    Interlocked.Exchange(ref _lastSeq, last);
                }

                return false;
            case 7:
                return true;
            default:
                return false;
        }
    }
}
