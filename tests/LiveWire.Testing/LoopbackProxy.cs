using System.Net;
using System.Net.Sockets;

namespace LiveWire.Testing;

/// <summary>
/// A TCP forwarder on a loopback port in front of a node. A test can <see cref="Cut"/> it (every connection through it
/// is reset and new ones are refused, as when the network goes) and <see cref="Restore"/> it, towards the same node or
/// another one (as a load balancer fails over), without touching the nodes themselves.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Socket> _open = [];
    private readonly List<Task> _forwarding = [];
    private readonly Task _accepting;
    private EndPoint _target;
    private bool _cut;
    private volatile bool _muted;
    private int _connections;

    private LoopbackProxy(EndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <summary>The proxy's address: give it to the client instead of the node's.</summary>
    public Uri Url { get; }

    /// <summary>How many connections the proxy has forwarded so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts forwarding to <paramref name="target"/> (a node's <see cref="LiveWireNode.Url"/>).</summary>
    public static LoopbackProxy Start(Uri target) => new(EndPointOf(target));

    /// <summary>Resets every connection through the proxy, and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        Socket[] open;
        lock (_lock)
        {
            _cut = true;
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            Reset(socket);
        }
    }

    /// <summary>
    /// Keeps forwarding what clients send, and drops whatever comes back (as when the return path fails): a request
    /// reaches the server, its answer never reaches the client. <see cref="Cut"/> then <see cref="Restore"/> ends it.
    /// </summary>
    public void MuteReplies() => _muted = true;

    /// <summary>Forwards again, to <paramref name="target"/> when given (otherwise to the same node as before).</summary>
    public void Restore(Uri? target = null)
    {
        lock (_lock)
        {
            _cut = false;
            _muted = false;
            if (target is not null)
            {
                _target = EndPointOf(target);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        Task[] forwarding;
        lock (_lock)
        {
            forwarding = [.. _forwarding];
        }

        await Task.WhenAll([_accepting, .. forwarding]).WaitAsync(TestTimeouts.Delivery);
        _stopping.Dispose();
    }

    private static IPEndPoint EndPointOf(Uri url) => new(IPAddress.Parse(url.Host), url.Port);

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0); // close with RST, as a dropped network path looks
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stopping);
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock)
            {
                _forwarding.RemoveAll(task => task.IsCompleted);
                _forwarding.Add(ForwardAsync(client, stopping));
            }
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken stopping)
    {
        // Leave AcceptAsync's lock first.
        await Task.Yield();
        EndPoint target;
        lock (_lock)
        {
            if (_cut)
            {
                Reset(client);
                return;
            }

            target = _target;
            _open.Add(client);
        }

        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await upstream.ConnectAsync(target, stopping);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The node is gone: the client sees its connection reset, as through a load balancer with no backend.
            Forget(client);
            Reset(client);
            upstream.Dispose();
            return;
        }

        lock (_lock)
        {
            if (_cut || !_open.Contains(client))
            {
                Reset(client);
                Reset(upstream);
                return;
            }

            _open.Add(upstream);
        }

        Interlocked.Increment(ref _connections);
        await Task.WhenAll(PumpAsync(client, upstream, replies: false), PumpAsync(upstream, client, replies: true));
        Forget(client);
        Forget(upstream);
        client.Dispose();
        upstream.Dispose();
    }

    private void Forget(Socket socket)
    {
        lock (_lock)
        {
            _open.Remove(socket);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool replies)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (!(replies && _muted))
                {
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side broke: break the other too, so both ends learn of it at once.
            Reset(from);
            Reset(to);
        }
    }
}
