using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace LiveWire.Testing;

/// <summary>
/// A hostile reader: a WebSocket with a 4 KiB receive buffer that joins the hub (negotiation skipped), subscribes to
/// a topic and then never reads, sending only the pings that keep a SignalR connection alive.
/// </summary>
public sealed class StuckReader : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pinging;

    private StuckReader(ClientWebSocket socket)
    {
        _socket = socket;
        _pinging = PingAsync();
    }

    /// <summary>Whether a ping could no longer be sent: the node closed the connection.</summary>
    public bool PingFailed { get; private set; }

    /// <summary>Connects to <paramref name="node"/>'s hub and subscribes to <paramref name="topic"/>.</summary>
    public static async Task<StuckReader> SubscribeAsync(LiveWireNode node, string topic)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4 * 1024, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var socket = new ClientWebSocket();
        var hub = new UriBuilder(new Uri(node.Url, "/hubs/live")) { Scheme = node.Url.Scheme == "https" ? "wss" : "ws" }.Uri;
        await socket.ConnectAsync(hub, new HttpMessageInvoker(handler), CancellationToken.None).WaitAsync(TestTimeouts.Startup);
        await SendAsync(socket, """{"protocol":"json","version":1}""");
        await SendAsync(socket, $$"""{"type":1,"invocationId":"1","target":"Subscribe","arguments":["{{topic}}",null]}""");
        return new StuckReader(socket);
    }

    /// <summary>
    /// Reads what is left until the node's close, and fails unless the connection ends within
    /// <paramref name="timeout"/>. Only for after the node should have closed it: reading drains the buffer.
    /// </summary>
    public async Task WaitUntilClosedAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        try
        {
            while (!(await _socket.ReceiveAsync(buffer, deadline.Token)).CloseStatus.HasValue)
            {
            }
        }
        catch (WebSocketException)
        {
            // Reset by the node: closed.
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The stuck reader's connection was still open after {timeout}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging;
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }

    private static Task SendAsync(ClientWebSocket socket, string message, CancellationToken cancellationToken = default) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken)
            .WaitAsync(TestTimeouts.Delivery, cancellationToken);

    private async Task PingAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SendAsync(_socket, """{"type":6}""", _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or TimeoutException or ObjectDisposedException)
        {
            PingFailed = true;
        }
    }
}
