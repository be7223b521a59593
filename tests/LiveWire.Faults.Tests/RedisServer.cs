using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// A redis-server of the test's own, on a free loopback port, writing every command to its AOF before answering
/// (<c>appendfsync always</c>, as a newsroom that cannot lose an accepted change runs it). It can be killed and started
/// again on the same port and folder, as a crashed and restarted Redis.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private RedisServer(int port, string folder)
    {
        Port = port;
        _folder = folder;
    }

    /// <summary>The loopback port.</summary>
    public int Port { get; }

    /// <summary>The connection string.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts a new, empty Redis.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var root = Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RUN_DIR") is { Length: > 0 } run ? run : Path.GetTempPath();
        var folder = Path.Combine(root, "faults-redis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var server = new RedisServer(NodeProcess.FreePort(), folder);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Starts the process (again) on the same port and folder, and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        _process?.Dispose();
        _process = Process.Start(new ProcessStartInfo(
            "redis-server",
            ["--bind", "127.0.0.1", "--port", Port.ToString(), "--dir", _folder, "--appendonly", "yes",
             "--appendfsync", "always", "--save", "", "--daemonize", "no", "--logfile", Path.Combine(_folder, "redis.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start redis-server.");
        await Eventually.HoldsAsync(PingAsync, TestTimeouts.Startup, $"redis-server on port {Port} to answer PING");
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }
}
