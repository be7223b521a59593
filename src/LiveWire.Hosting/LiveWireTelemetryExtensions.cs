using System.Diagnostics.Metrics;
using LiveWire.Core.Presence;
using LiveWire.Core.Telemetry;
using LiveWire.Hosting.Internal;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LiveWire.Hosting;

/// <summary>
/// OpenTelemetry for a node: one trace from the newsroom request through the bus (MassTransit's own
/// instrumentation, W3C context in the message headers) to the commit and the fan-out, with their Redis calls
/// (OpenTelemetry.Instrumentation.StackExchangeRedis); LiveWire's meter with the
/// ASP.NET Core, SignalR, runtime and MassTransit instruments. Exported as Prometheus text at <c>/metrics</c>, and
/// as OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class LiveWireTelemetryExtensions
{
    /// <summary>The meters beside LiveWire's own that a node exports.</summary>
    public static readonly string[] Meters =
    [
        LiveWireTelemetry.Name,
        InstrumentationOptions.MeterName,
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.SignalR.Server",
    ];

    // ASP.NET Core's own meters, listened to directly rather than through OpenTelemetry's AddAspNetCoreInstrumentation
    // for metrics: on ASP.NET Core 10 that also inserts a middleware (to tag plain 5xx answers with error.type) at
    // the head of every request, and a hub connection is one request that lasts as long as the reader stays, so its
    // frame would be kept by every reader. Unhandled exceptions still get error.type from ASP.NET Core itself.
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        KestrelMeter,
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
    ];

    // How many tag combinations a metric keeps (OpenTelemetry's default is 2,000). Every metric's points are
    // allocated up front, 72 bytes each: ~90 metrics at the default held 12 MB of a node's heap. None of ours, nor
    // the framework's on a LiveWire node, comes near this (routes x methods x status codes is in the tens); past it
    // a metric's further combinations are counted together under otel.metric.overflow=true.
    private const int CardinalityLimit = 500;

    // Kestrel keeps a tag list for this histogram in every connection from accept to close, ~140 bytes a reader held
    // for hours; for hub connections signalr.server.connection.duration says the same, and kestrel.active_connections
    // and kestrel.rejected_connections stay. Dropped, so Kestrel does not measure it.
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    private const string KestrelConnectionDuration = "kestrel.connection.duration";

    // The one view of every instrument: a view for some instruments must be folded in here, since two views that
    // match one instrument make two streams of the same name.
    private static MetricStreamConfiguration StreamOf(Instrument instrument) =>
        instrument is { Meter.Name: KestrelMeter, Name: KestrelConnectionDuration }
            ? MetricStreamConfiguration.Drop
            : new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit };

    /// <summary>Adds tracing and metrics for a node of <paramref name="serviceName"/>.</summary>
    public static IHostApplicationBuilder AddLiveWireTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(LiveWireTelemetry.Name, DiagnosticHeaders.DefaultListenerName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsOperational(context.Request.Path))
                .AddHttpClientInstrumentation()
                // The process's one IConnectionMultiplexer, where the node has Redis (none in the embedded layout).
                // Only commands made inside a traced operation (a newsroom request, a commit, a fan-out) become
                // spans: the hub's subscribes and acks are not traced (IsOperational), and their Redis reads would
                // otherwise each start a trace of their own.
                .AddRedisInstrumentation(options => options.Filter = command => command.ParentActivity is not null))
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddMeter(AspNetCoreMeters)
                .AddView(StreamOf)
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// Maps <c>GET /metrics</c>, the Prometheus scrape endpoint: on the management port alone when
    /// <see cref="ManagementOptions.Port"/> is set (404 on every other port), else on every port.
    /// </summary>
    public static IEndpointRouteBuilder MapLiveWireMetrics(this IEndpointRouteBuilder endpoints)
    {
        var scrape = endpoints.MapPrometheusScrapingEndpoint("/metrics");
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<ManagementOptions>>().Value.Port is { } port)
        {
            scrape.RequireLocalPort(port);
        }

        return endpoints;
    }

    // Not traced: scrapes and probes, and the hub's requests, whose WebSocket request lasts as long as the connection
    // (a span of hours tells nothing, and its tags would be held by every connection); hub calls are measured by
    // SignalR's and LiveWire's own instruments, and each change's trace runs from the newsroom's request.
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/hubs");
}
