using System.Diagnostics;
using System.Net.Sockets;

namespace LiveWire.Testing;

/// <summary>
/// The project's own <c>deploy/nginx/nginx.conf</c>, run by the machine's nginx on loopback in front of test nodes:
/// its two upstreams point at the given addresses (as <c>deploy/check/nginx_test.py</c> rewrites it), its logs go to
/// a folder of its own. Without affinity the configuration loses its cookie affinity and is plain round robin, as a
/// CDN or a cloud balancer without sticky sessions gives.
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private const string AffinityHash = "hash $lw_affinity consistent;";
    private const string AffinityCookie = "add_header Set-Cookie $lw_affinity_cookie always;";
    private const string UpgradeHeader = "proxy_set_header Upgrade $http_upgrade;";
    private const string ConnectionHeader = "proxy_set_header Connection $connection_upgrade;";

    private readonly Process _process;
    private readonly string _passingWebSockets;

    private NginxBalancer(Process process, Uri url, string folder, string passingWebSockets)
    {
        _process = process;
        _passingWebSockets = passingWebSockets;
        Url = url;
        Folder = folder;
    }

    /// <summary>The balancer's address.</summary>
    public Uri Url { get; }

    /// <summary>The folder that holds its configuration and its access and error logs.</summary>
    public string Folder { get; }

    /// <summary>Everything nginx logged so far (access and error log).</summary>
    public string Logs => string.Concat(Directory.GetFiles(Folder, "*.log").Select(File.ReadAllText));

    /// <summary>
    /// Starts nginx with the deployment's configuration in front of <paramref name="first"/> and
    /// <paramref name="second"/>; with <paramref name="affinity"/> false, without its cookie affinity (round robin);
    /// with <paramref name="webSockets"/> false, without passing the WebSocket upgrade on (as an old proxy does), so a
    /// WebSocket handshake reaches the node as a plain GET and is refused.
    /// </summary>
    public static async Task<NginxBalancer> StartAsync(Uri first, Uri second, bool affinity = true, bool webSockets = true)
    {
        var folder = Directory.CreateTempSubdirectory("livewire-nginx-").FullName;
        var port = NodeProcess.FreePort();
        var configuration = (await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, "deploy", "nginx", "nginx.conf")))
            .Replace("server server-1:8080 resolve", $"server {first.Authority}", StringComparison.Ordinal)
            .Replace("server server-2:8080 resolve", $"server {second.Authority}", StringComparison.Ordinal)
            .Replace("listen 8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("/var/log/nginx/", folder + "/", StringComparison.Ordinal);
        if (!affinity)
        {
            configuration = Without(configuration, AffinityHash, AffinityCookie);
        }

        var passingWebSockets = $"pid {folder}/nginx.pid;\n" + configuration;
        var file = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(file, webSockets ? passingWebSockets : Without(passingWebSockets, UpgradeHeader, ConnectionHeader));

        var process = Process.Start(new ProcessStartInfo("nginx", ["-p", folder, "-c", file, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start.");
        var balancer = new NginxBalancer(process, new Uri($"http://127.0.0.1:{port}/"), folder, passingWebSockets);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(Listening(port) || process.HasExited), TestTimeouts.Startup, "nginx to listen");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            }
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }

        return balancer;
    }

    /// <summary>The upstream each request for <paramref name="path"/> went to, in order, from the access log.</summary>
    public IReadOnlyList<string> UpstreamsOf(string path) =>
        [.. Logs.Split('\n')
            .Where(line => line.Contains($" {path} ", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("upstream=", StringComparison.Ordinal) + "upstream=".Length)..].Split(' ')[0])];

    /// <summary>
    /// From now on passes WebSocket upgrades on, as the deployment's configuration does: nginx reloads its
    /// configuration (SIGHUP) with the upgrade headers back; requests already under way finish on the old one.
    /// </summary>
    public async Task PassWebSocketsAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Folder, "nginx.conf"), _passingWebSockets);
        Signals.Send(_process.Id, Signals.Hangup);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The workers with it: killed alone, the master leaves them running, orphaned, with their ports open.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Startup);
        }

        _process.Dispose();
    }

    // The upstream block without its hash is nginx's default, round robin; without the cookie nothing marks a client.
    // Without the upgrade headers nginx sends a WebSocket handshake on as a plain request. A configuration that no
    // longer has these lines fails here rather than passing as "no affinity" or "no WebSockets" by accident.
    private static string Without(string configuration, params string[] lines)
    {
        foreach (var line in lines)
        {
            if (!configuration.Contains(line, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"deploy/nginx/nginx.conf no longer has '{line}': update NginxBalancer.");
            }

            configuration = configuration.Replace(line, string.Empty, StringComparison.Ordinal);
        }

        return configuration;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
