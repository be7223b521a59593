using System.Diagnostics;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Two Server processes behind the project's nginx configuration (round robin, no affinity) and one Ingestion worker,
/// on the run's Redis and RabbitMQ. Readers and the newsroom come in through the balancer, as on a news site.
/// </summary>
internal sealed class BalancedCluster : IAsyncDisposable
{
    private readonly LiveWireCluster _cluster;
    private readonly List<long> _disconnects = [];

    private readonly NodeProcess[] _servers;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private BalancedCluster(LiveWireCluster cluster, NodeProcess[] servers, IReadOnlyDictionary<string, string> environment, NginxBalancer balancer)
    {
        _cluster = cluster;
        _servers = servers;
        _environment = environment;
        Balancer = balancer;
    }

    /// <summary>The two Server processes.</summary>
    public IReadOnlyList<NodeProcess> Servers => _servers;

    /// <summary>nginx in front of them.</summary>
    public NginxBalancer Balancer { get; }

    /// <summary>When readers lost their connection (Stopwatch timestamps).</summary>
    public IReadOnlyList<long> Disconnects
    {
        get
        {
            lock (_disconnects)
            {
                return [.. _disconnects];
            }
        }
    }

    public static async Task<BalancedCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = await LiveWireCluster.StartAsync(servers: 0, workers: 1);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = TestServers.Redis,
            ["ConnectionStrings:RabbitMq"] = cluster.VirtualHost!.AmqpUri.ToString(),
            ["LiveWire:Redis:Prefix"] = cluster.VirtualHost!.Name,
            ["LiveWire:Limits:NewsroomRequestsPerSecond"] = "1000000",
            ["LiveWire:Limits:NewsroomBurst"] = "1000000",
        };
        foreach (var (key, value) in LiveWireCluster.AuthSettings.Concat(settings?.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)) ?? []))
        {
            environment[key] = value!;
        }

        var servers = new NodeProcess[2];
        for (var i = 0; i < servers.Length; i++)
        {
            servers[i] = await NodeProcess.StartAsync("LiveWire.Server", NodeProcess.FreePort(), environment);
        }

        var balancer = await NginxBalancer.StartAsync(servers[0].Url, servers[1].Url);
        return new BalancedCluster(cluster, servers, environment, balancer);
    }

    /// <summary>Starts Server <paramref name="index"/> again on its port (after it was killed), as a supervisor would.</summary>
    public async Task RestartAsync(int index)
    {
        var gone = _servers[index];
        await gone.KillAsync();
        _servers[index] = await NodeProcess.StartAsync("LiveWire.Server", gone.Url.Port, _environment);
        await gone.DisposeAsync();
    }

    /// <summary>The hub connections Server <paramref name="index"/> holds, from its <c>/metrics</c> (SignalR's own gauge).</summary>
    public async Task<long> ConnectionsOnAsync(int index)
    {
        using var http = new HttpClient { BaseAddress = _servers[index].Url, Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith("signalr_server_active_connections{", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A newsroom client through the balancer.</summary>
    public HttpClient CreateNewsroomClient()
    {
        var http = new HttpClient { BaseAddress = Balancer.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", LiveWireCluster.Mint([Core.Security.TopicAccess.NewsroomRole]));
        return http;
    }

    /// <summary>Starts <paramref name="count"/> readers of <paramref name="topic"/> through the balancer, a few at a time.</summary>
    public async Task<ResumingReader[]> StartReadersAsync(string topic, int count)
    {
        var readers = new ResumingReader[count];
        using var connecting = new CancellationTokenSource(TestTimeouts.Batch);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = connecting.Token }, async (i, token) =>
            readers[i] = await ResumingReader.StartAsync(Balancer.Url, topic, OnDisconnect, token));
        return readers;
    }

    public async ValueTask DisposeAsync()
    {
        await Balancer.DisposeAsync();
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    private void OnDisconnect(long at)
    {
        lock (_disconnects)
        {
            _disconnects.Add(at);
        }
    }
}
