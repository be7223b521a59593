using System.Net;
using System.Net.Sockets;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// Connects readers from several loopback source addresses (127.0.0.2, 127.0.0.3, …) in turn, so that no one
/// address runs out of ephemeral ports: each holds about 28,000.
/// </summary>
internal sealed class ReaderNetwork : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;
    private int _next = -1;

    /// <summary>Uses <paramref name="count"/> addresses from 127.0.0.(2 + <paramref name="first"/>) on.</summary>
    public ReaderNetwork(int first, int count)
    {
        _invokers = Enumerable.Range(first, count).Select(i => new HttpMessageInvoker(Handler(IPAddress.Parse($"127.0.{(2 + i) / 256}.{(2 + i) % 256}")))).ToArray();
    }

    /// <summary>The next source address's invoker, round-robin.</summary>
    public HttpMessageInvoker Next() => _invokers[(int)((uint)Interlocked.Increment(ref _next) % _invokers.Length)];

    private static SocketsHttpHandler Handler(IPAddress source) => new()
    {
        UseProxy = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public void Dispose()
    {
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }
}
