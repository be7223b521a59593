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

    private readonly Process _process;

    private NginxBalancer(Process process, Uri url, string folder)
    {
        _process = process;
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
    /// <paramref name="second"/>; with <paramref name="affinity"/> false, without its cookie affinity (round robin).
    /// </summary>
    public static async Task<NginxBalancer> StartAsync(Uri first, Uri second, bool affinity = true)
    {
        var folder = Directory.CreateTempSubdirectory("livewire-nginx-").FullName;
        var port = NodeProcess.FreePort();
        var configuration = (await File.ReadAllTextAsync(Path.Combine(SourceTree.Root, "deploy", "nginx", "nginx.conf")))
            .Replace("server server-1:8080 resolve;", $"server {first.Authority};", StringComparison.Ordinal)
            .Replace("server server-2:8080 resolve;", $"server {second.Authority};", StringComparison.Ordinal)
            .Replace("listen 8080;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("/var/log/nginx/", folder + "/", StringComparison.Ordinal);
        if (!affinity)
        {
            configuration = WithoutAffinity(configuration);
        }

        var file = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(file, $"pid {folder}/nginx.pid;\n" + configuration);

        var process = Process.Start(new ProcessStartInfo("nginx", ["-p", folder, "-c", file, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start.");
        var balancer = new NginxBalancer(process, new Uri($"http://127.0.0.1:{port}/"), folder);
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Startup);
        }

        _process.Dispose();
    }

    // The upstream block without its hash is nginx's default, round robin; without the cookie nothing marks a client.
    // A configuration that no longer has these lines fails here rather than passing as "no affinity" by accident.
    private static string WithoutAffinity(string configuration)
    {
        foreach (var line in (string[])[AffinityHash, AffinityCookie])
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
