using System.Diagnostics;
using StackExchange.Redis;

namespace LiveWire.Testing;

/// <summary>
/// A redis-server of a test's own, with its append-only file on (fsync on every write), on a free loopback port in a
/// folder of its own: for what the shared Redis must not suffer, such as a crash and a restart from an older copy of
/// its data. Killing it is a real SIGKILL; a restart comes back on the same port.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _folder;
    private Process? _process;

    private RedisProcess(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The port it listens on, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>Its address as a connection string: <c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{Port}";

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Starts a redis-server and waits until it answers PING.</summary>
    public static async Task<RedisProcess> StartAsync()
    {
        var root = Environment.GetEnvironmentVariable("LIVEWIRE_TEST_RUN_DIR") is { Length: > 0 } dir ? dir : Path.GetTempPath();
        var folder = Path.Combine(root, "redis-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        var redis = new RedisProcess(folder, NodeProcess.FreePort());
        await redis.RestartAsync();
        return redis;
    }

    /// <summary>
    /// Copies the append-only files as they are now into a folder of their own and returns it. Every write is
    /// fsynced before Redis answers it, and automatic rewrites are off, so the copy holds every write answered so far.
    /// </summary>
    public string CopyAppendOnlyFiles()
    {
        var copy = Path.Combine(_folder, "copy-" + Guid.NewGuid().ToString("N")[..8]);
        CopyFolder(Path.Combine(DataFolder, "appendonlydir"), copy);
        return copy;
    }

    /// <summary>
    /// Freezes the server (SIGSTOP), as a stalled host or a long fork would: connections stay open and nothing is
    /// answered, so clients time out rather than see a closed connection.
    /// </summary>
    public void Stall() => Signals.Send(_process!.Id, Signals.Stop);

    /// <summary>Lets a stalled server go on (SIGCONT).</summary>
    public void Resume() => Signals.Send(_process!.Id, Signals.Continue);

    /// <summary>Kills the server (SIGKILL) and waits until it has exited.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Startup);
        }
    }

    /// <summary>Replaces the append-only files with <paramref name="copy"/> (the server must be stopped).</summary>
    public void RestoreAppendOnlyFiles(string copy)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Stop the server before restoring its files.");
        }

        var target = Path.Combine(DataFolder, "appendonlydir");
        Directory.Delete(target, recursive: true);
        CopyFolder(copy, target);
    }

    /// <summary>Starts the server (again) on its port from its folder and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("redis-server",
        [
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dir", DataFolder, "--appendonly", "yes", "--appendfsync", "always", "--auto-aof-rewrite-percentage", "0",
            "--save", "", "--daemonize", "no", "--logfile", Path.Combine(_folder, "redis.log"),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.HoldsAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}; see {_folder}/redis.log");
                }

                try
                {
                    await using var connection = await ConnectionMultiplexer.ConnectAsync($"{Address},connectTimeout=1000,abortConnect=true");
                    await connection.GetDatabase().PingAsync();
                    return true;
                }
                catch (RedisConnectionException)
                {
                    return false;
                }
                catch (RedisServerException exception) when (exception.Message.StartsWith("LOADING", StringComparison.Ordinal))
                {
                    return false;
                }
            },
            TestTimeouts.Startup,
            $"redis-server on {Address} to answer PING");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the test run's own clean-up of its folder.
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
