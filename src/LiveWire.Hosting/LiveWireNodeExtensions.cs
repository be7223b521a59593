using System.Globalization;
using LiveWire.Core;
using LiveWire.Messaging;
using LiveWire.Realtime;
using LiveWire.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace LiveWire.Hosting;

/// <summary>The parts every LiveWire node runs, chosen by its connection strings.</summary>
public static class LiveWireNodeExtensions
{
    /// <summary>The tag of the health checks that <c>/health/ready</c> runs: what this node needs to do its job.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds what every node runs, readers or not: the domain, the timeline store, the hub's fan-out and the bus (the
    /// host adds what only it runs, such as the Server's reader side):
    /// <list type="bullet">
    /// <item><c>ConnectionStrings:Redis</c> set: the Redis timeline and the SignalR Redis backplane; absent: the
    /// in-memory timeline and no backplane (one node).</item>
    /// <item><c>ConnectionStrings:RabbitMq</c> set: MassTransit on RabbitMQ, consuming the timeline queue when
    /// <paramref name="consumeTimeline"/>; absent: the in-process bus, always consuming (the ingestion runs in
    /// this process).</item>
    /// </list>
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="serviceName">The node's OpenTelemetry service name.</param>
    /// <param name="consumeTimeline">Whether this node runs the timeline consumers.</param>
    public static IHostApplicationBuilder AddLiveWireNode(this IHostApplicationBuilder builder, string serviceName, bool consumeTimeline)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq");

        builder.Services.AddLiveWireCore();
        var signalR = builder.Services.AddLiveWireRealtime();
        var health = builder.Services.AddHealthChecks().AddCheck<DrainHealthCheck>(HealthNames.Drain, tags: [ReadyTag]);
        builder.Services.AddSingleton<IHostLifetime, DrainingLifetime>();
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddLiveWireRedis(redis);
            signalR.AddLiveWireBackplane();
            health.AddCheck<RedisHealthCheck>(HealthNames.Redis, tags: [ReadyTag]);
        }

        builder.Services.AddLiveWireBus(rabbitMq, consumeTimeline || string.IsNullOrWhiteSpace(rabbitMq));
        if (!string.IsNullOrWhiteSpace(rabbitMq))
        {
            // From a factory, so the container disposes it (and its connection) with the host.
            builder.Services.AddSingleton(_ => new RabbitMqHealthCheck(new Uri(rabbitMq)));
            // A worker can do nothing without the broker. A Server serves pages, reads and the hub without it (posts
            // answer 503 meanwhile), so there the broker's loss is reported, degraded, and never takes readers offline.
            if (consumeTimeline)
            {
                health.AddCheck<RabbitMqHealthCheck>(HealthNames.RabbitMq, tags: [ReadyTag]);
            }
            else
            {
                health.AddCheck<RabbitMqHealthCheck>(HealthNames.RabbitMq, HealthStatus.Degraded);
            }
        }

        // The checks also run every few seconds for the livewire.health.status gauge, readiness or not.
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthStatusMetrics>();
        builder.Services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = TimeSpan.FromSeconds(1);
            options.Period = HealthStatusMetrics.Period;
        });

        builder.AddLiveWireManagementPort();
        builder.AddLiveWireTelemetry(serviceName);
        builder.Services.AddSingleton(new NodeHeartbeat.Service(serviceName));
        builder.Services.AddHostedService<NodeHeartbeat>();
        return builder;
    }

    // The management port is one more address beside the node's own (--urls, ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS,
    // which the image sets to 8080). Kestrel takes its addresses either from these settings or from Listen calls in
    // code, never both, so the port is added to the setting the node already uses.
    private static void AddLiveWireManagementPort(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (builder.Configuration.GetSection(ManagementOptions.SectionName).Get<ManagementOptions>()?.Port is not { } port)
        {
            return;
        }

        var configuration = builder.Configuration;
        if (!string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            configuration[WebHostDefaults.ServerUrlsKey] += $";http://*:{port}";
        }
        else if (!string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey]) || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]))
        {
            configuration[WebHostDefaults.HttpPortsKey] = string.Join(';', new[] { configuration[WebHostDefaults.HttpPortsKey], port.ToString(CultureInfo.InvariantCulture) }.Where(p => !string.IsNullOrEmpty(p)));
        }
        else
        {
            // Kestrel's own default when nothing is set.
            configuration[WebHostDefaults.ServerUrlsKey] = $"http://localhost:5000;http://*:{port}";
        }
    }

    /// <summary>
    /// Maps <c>/health/live</c> (the process answers), <c>/health/ready</c> (what the node needs is reachable: Redis
    /// where configured; on a worker also RabbitMQ and the bus's receive endpoints), <c>/health</c> (every check,
    /// by name, as JSON) and <c>/metrics</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapLiveWireOperations(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapLiveWireMetrics();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthNames.WriteReportAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            // MassTransit tags its bus check "ready" as well.
            Predicate = check => check.Tags.Contains(ReadyTag),
            // Degraded (MassTransit's bus check with some receive endpoints down) is not ready either, as in the node's
            // heartbeat; ASP.NET Core would answer it with 200.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        return endpoints;
    }
}
