using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LiveWire.Testing;

namespace LiveWire.Server.Tests.FuzzTests;

/// <summary>
/// A hub connection that speaks SignalR's JSON protocol frame by frame over a WebSocket, so a test can send what no
/// client library would: arguments of any type and number, unknown targets, malformed frames.
/// </summary>
public sealed class RawHubConnection : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;

    private readonly ClientWebSocket _socket = new();
    private readonly List<byte> _received = [];
    private readonly byte[] _chunk = new byte[16 * 1024];
    private Task<ValueWebSocketReceiveResult>? _pending;

    private RawHubConnection()
    {
    }

    /// <summary>Whether the server has closed the connection (with a close message or by closing the socket).</summary>
    public bool Closed { get; private set; }

    /// <summary>The error of the server's close message, when it sent one with an error.</summary>
    public string? CloseError { get; private set; }

    /// <summary>Connects to the hub of the node at <paramref name="server"/> and completes the JSON protocol handshake.</summary>
    public static async Task<RawHubConnection> OpenAsync(Uri server, string? token = null)
    {
        var connection = new RawHubConnection();
        var url = new UriBuilder(new Uri(server, LiveWireServerExtensions.HubPath))
        {
            Scheme = "ws",
            Query = token is null ? "" : "access_token=" + Uri.EscapeDataString(token),
        }.Uri;
        using (var cts = new CancellationTokenSource(TestTimeouts.Startup))
        {
            await connection._socket.ConnectAsync(url, cts.Token);
        }

        await connection.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await connection.ReceiveAsync();
        if (handshake != "{}")
        {
            throw new InvalidOperationException($"The hub answered the handshake with {handshake ?? "a close"}.");
        }

        return connection;
    }

    /// <summary>Sends <paramref name="message"/> and the record separator as one text frame.</summary>
    public Task SendAsync(string message) => SendAsync([.. Encoding.UTF8.GetBytes(message), RecordSeparator]);

    /// <summary>Sends <paramref name="bytes"/> as they are, as one text frame.</summary>
    public async Task SendAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(TestTimeouts.Delivery);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        }
        catch (WebSocketException)
        {
            Closed = true;
        }
    }

    /// <summary>The next message the server sent, or null once it has closed the connection.</summary>
    public async Task<string?> ReceiveAsync()
    {
        while (true)
        {
            var end = _received.IndexOf(RecordSeparator);
            if (end >= 0)
            {
                var message = Encoding.UTF8.GetString([.. _received.Take(end)]);
                _received.RemoveRange(0, end + 1);
                return message;
            }

            if (Closed)
            {
                return null;
            }

            // Not cancelled by a token: that would abort the socket. A receive that times out is left to the disposal.
            _pending ??= _socket.ReceiveAsync(_chunk.AsMemory(), CancellationToken.None).AsTask();
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _pending.WaitAsync(TestTimeouts.Delivery);
            }
            catch (WebSocketException)
            {
                _pending = null;
                Closed = true;
                continue;
            }

            _pending = null;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Closed = true;
            }
            else
            {
                _received.AddRange(_chunk.AsSpan(0, result.Count));
            }
        }
    }

    /// <summary>
    /// Reads messages until the completion of <paramref name="invocationId"/> (returned) or the connection's close
    /// (null; see <see cref="CloseError"/>). Events and pings on the way are skipped.
    /// </summary>
    public async Task<JsonElement?> CompletionAsync(string invocationId)
    {
        try
        {
            while (await ReceiveAsync() is { } message)
            {
                using var json = JsonDocument.Parse(message);
                var root = json.RootElement;
                switch (root.GetProperty("type").GetInt32())
                {
                    case 3 when root.TryGetProperty("invocationId", out var id) && id.GetString() == invocationId:
                        return root.Clone();
                    case 7:
                        Closed = true;
                        CloseError = root.TryGetProperty("error", out var error) ? error.GetString() : null;
                        return null;
                }
            }

            return null;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {TestTimeouts.Delivery.TotalSeconds:0}s waiting for the completion of invocation {invocationId}: the connection hangs.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open && _pending is null)
        {
            using var cts = new CancellationTokenSource(TestTimeouts.Delivery);
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server went first; nothing to close.
            }
        }
        else
        {
            // A receive is still waiting: closing would wait for it.
            _socket.Abort();
        }

        _socket.Dispose();
    }
}
