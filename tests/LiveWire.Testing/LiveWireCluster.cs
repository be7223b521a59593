using System.Net.Http.Headers;
using LiveWire.Core.Security;
using LiveWire.Ingestion;
using LiveWire.Server;
using LiveWire.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LiveWire.Testing;

/// <summary>
/// A LiveWire deployment inside the test process: Server nodes and Ingestion workers on real loopback ports, sharing
/// the real Redis (under a key prefix of their own) and RabbitMQ (in a virtual host of their own), so clusters of
/// different tests never meet. Or, with <see cref="StartEmbeddedAsync"/>, one Server on its embedded defaults.
/// </summary>
public sealed class LiveWireCluster : IAsyncDisposable
{
    /// <summary>The HS256 key every node of a test cluster checks tokens with.</summary>
    public const string SigningKey = "livewire-tests-signing-key-0123456789abcdef";

    /// <summary>The issuer every node of a test cluster requires (nodes outside Development require one).</summary>
    public const string Issuer = "https://newsroom.livewire.test";

    /// <summary>The audience every node of a test cluster requires.</summary>
    public const string Audience = "livewire";

    /// <summary>
    /// The per-address limits lifted: every test client comes from 127.0.0.1, so a node would take the whole test run
    /// for one very busy reader. The tests of those limits set their own.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> LoopbackLimits { get; } = new Dictionary<string, string?>
    {
        ["LiveWire:Limits:HubConnectionsPerAddress"] = "1000000",
        ["LiveWire:Limits:SubscribesPerSecondPerAddress"] = "1000000",
        ["LiveWire:Limits:SubscribeBurstPerAddress"] = "1000000",
        ["LiveWire:Limits:ReaderRequestsPerSecondPerAddress"] = "1000000",
        ["LiveWire:Limits:ReaderBurstPerAddress"] = "1000000",
    };

    /// <summary>The settings of the tokens a test node checks: <see cref="SigningKey"/>, <see cref="Issuer"/>, <see cref="Audience"/>.</summary>
    public static IReadOnlyDictionary<string, string?> AuthSettings { get; } = new Dictionary<string, string?>
    {
        ["LiveWire:Auth:SigningKey"] = SigningKey,
        ["LiveWire:Auth:Issuer"] = Issuer,
        ["LiveWire:Auth:Audience"] = Audience,
    };

    private readonly Dictionary<string, string?> _configuration;
    private readonly RabbitMqVirtualHost? _virtualHost;
    private readonly List<LiveWireNode> _servers = [];
    private readonly List<LiveWireNode> _workers = [];

    private LiveWireCluster(Dictionary<string, string?> configuration, RabbitMqVirtualHost? virtualHost)
    {
        _configuration = configuration;
        _virtualHost = virtualHost;
    }

    /// <summary>The Server nodes.</summary>
    public IReadOnlyList<LiveWireNode> Servers => _servers;

    /// <summary>The Ingestion workers.</summary>
    public IReadOnlyList<LiveWireNode> Workers => _workers;

    /// <summary>The cluster's RabbitMQ virtual host (null when embedded).</summary>
    public RabbitMqVirtualHost? VirtualHost => _virtualHost;

    /// <summary>
    /// Starts Server nodes and Ingestion workers on the real RabbitMQ and Redis: the shared one, or
    /// <paramref name="redis"/> (<c>host:port</c>, e.g. a <see cref="RedisProcess"/> of the test's own).
    /// </summary>
    public static async Task<LiveWireCluster> StartAsync(
        int servers,
        int workers,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? redis = null)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        var virtualHost = await RabbitMqVirtualHost.CreateAsync(name);
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis ?? TestServers.Redis,
            ["ConnectionStrings:RabbitMq"] = virtualHost.AmqpUri.ToString(),
            ["LiveWire:Redis:Prefix"] = name,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value; // a test's own Redis, say
        }

        foreach (var (key, value) in AuthSettings.Concat(LoopbackLimits))
        {
            configuration.TryAdd(key, value);
        }

        // Every test's newsroom is one editor ("test-user") posting as fast as a load test does; the tests of the
        // limit itself set their own.
        configuration.TryAdd("LiveWire:Limits:NewsroomRequestsPerSecond", "1000000");
        configuration.TryAdd("LiveWire:Limits:NewsroomBurst", "1000000");

        var cluster = new LiveWireCluster(configuration, virtualHost);
        try
        {
            for (var i = 0; i < workers; i++)
            {
                await cluster.AddWorkerAsync();
            }

            for (var i = 0; i < servers; i++)
            {
                await cluster.AddServerAsync();
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts one Server on the embedded defaults: in-process bus and ingestion, in-memory timeline.</summary>
    public static async Task<LiveWireCluster> StartEmbeddedAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in AuthSettings.Concat(LoopbackLimits))
        {
            configuration.TryAdd(key, value);
        }

        var cluster = new LiveWireCluster(configuration, null);
        await cluster.AddServerAsync();
        return cluster;
    }

    /// <summary>Starts one more Server node; <paramref name="configure"/> may add to its composition (an exporter…).</summary>
    public async Task<LiveWireNode> AddServerAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var node = await StartNodeAsync(
            builder =>
            {
                builder.AddLiveWireServer();
                configure?.Invoke(builder);
            },
            app => app.MapLiveWireServer());
        _servers.Add(node);
        return node;
    }

    /// <summary>
    /// Stops <paramref name="server"/> as a deployment would, runs <paramref name="whileDown"/>, and starts a new
    /// Server node on the same address in its place (so clients that knew it reconnect to it).
    /// </summary>
    public async Task<LiveWireNode> RestartServerAsync(LiveWireNode server, Func<Task>? whileDown = null)
    {
        var index = _servers.IndexOf(server);
        if (index < 0)
        {
            throw new ArgumentException("Not a Server node of this cluster.", nameof(server));
        }

        await server.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        var replacement = await StartNodeAsync(builder => builder.AddLiveWireServer(), app => app.MapLiveWireServer(), server.Url);
        _servers[index] = replacement;
        return replacement;
    }

    /// <summary>Starts one more Ingestion worker; <paramref name="configure"/> may add to its composition (a fault…).</summary>
    public async Task<LiveWireNode> AddWorkerAsync(Action<WebApplicationBuilder>? configure = null)
    {
        var node = await StartNodeAsync(
            builder =>
            {
                builder.AddLiveWireIngestion();
                configure?.Invoke(builder);
            },
            app => app.MapLiveWireIngestion());
        _workers.Add(node);
        return node;
    }

    /// <summary>
    /// Starts one more Ingestion worker whose <paramref name="settings"/> replace the cluster's (a connection string
    /// through a <see cref="LoopbackProxy"/>…).
    /// </summary>
    public async Task<LiveWireNode> AddWorkerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var node = await StartNodeAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.AddLiveWireIngestion();
            },
            app => app.MapLiveWireIngestion());
        _workers.Add(node);
        return node;
    }

    /// <summary>
    /// Starts one more Server node whose <paramref name="settings"/> replace the cluster's (a connection string
    /// through a <see cref="LoopbackProxy"/>…).
    /// </summary>
    public async Task<LiveWireNode> AddServerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var node = await StartNodeAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.AddLiveWireServer();
            },
            app => app.MapLiveWireServer());
        _servers.Add(node);
        return node;
    }

    /// <summary>A token for "test-user" that every test node accepts, minted without a node.</summary>
    public static string Mint(string[] roles, string[]? topics = null) =>
        new TokenIssuer(
                Microsoft.Extensions.Options.Options.Create(new LiveWireAuthOptions { SigningKey = SigningKey, Issuer = Issuer, Audience = Audience }),
                TimeProvider.System)
            .Issue("test-user", roles, topics);

    /// <summary>A token signed with the cluster's key.</summary>
    public string IssueToken(string[] roles, string[]? topics = null) =>
        _servers[0].Services.GetRequiredService<TokenIssuer>().Issue("test-user", roles, topics);

    /// <summary>An HTTP client for <paramref name="node"/>, with a bearer token for <paramref name="roles"/> when given.</summary>
    public HttpClient CreateClient(LiveWireNode node, params string[] roles)
    {
        var client = new HttpClient { BaseAddress = node.Url, Timeout = TestTimeouts.Delivery };
        if (roles.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", IssueToken(roles));
        }

        return client;
    }

    /// <summary>An HTTP client with the <c>newsroom</c> role.</summary>
    public HttpClient CreateNewsroomClient(LiveWireNode node) => CreateClient(node, TopicAccess.NewsroomRole);

    /// <summary>A (not yet started) hub connection to <paramref name="node"/> over WebSockets.</summary>
    public static HubConnection CreateHubConnection(LiveWireNode node, string? token = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node.Url, LiveWireServerExtensions.HubPath), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _servers.Concat(_workers).Reverse())
        {
            await node.DisposeAsync();
        }

        if (_virtualHost is not null)
        {
            await _virtualHost.DisposeAsync();
        }
    }

    private async Task<LiveWireNode> StartNodeAsync(
        Action<WebApplicationBuilder> compose,
        Action<WebApplication> map,
        Uri? url = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddInMemoryCollection(_configuration);
        builder.WebHost.UseUrls(url?.GetLeftPart(UriPartial.Authority) ?? "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LIVEWIRE_TEST_LOGS") is { Length: > 0 })
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        }

        compose(builder);
        var app = builder.Build();
        map(app);
        using var cts = new CancellationTokenSource(TestTimeouts.Startup);
        await app.StartAsync(cts.Token);
        return new LiveWireNode(app, new Uri(app.Urls.First()));
    }
}
