using LiveWire.Core.Options;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Hosting;

/// <summary>
/// Publishes this node's heartbeat (connections, subscriptions, totals, recent latencies, readiness) every
/// <see cref="PresenceOptions.PublishInterval"/>; a node whose heartbeat stops drops off the dashboard after three.
/// </summary>
internal sealed partial class NodeHeartbeat(
    NodeStats stats,
    ReaderTally tally,
    IClusterStats cluster,
    HealthCheckService health,
    IOptions<PresenceOptions> options,
    TimeProvider timeProvider,
    NodeHeartbeat.Service service,
    ILogger<NodeHeartbeat> logger) : BackgroundService
{
    /// <summary>The OpenTelemetry service name of this node (livewire-server, livewire-ingestion).</summary>
    public sealed record Service(string Name);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PublishInterval;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                var report = await health.CheckHealthAsync(check => check.Tags.Contains(LiveWireNodeExtensions.ReadyTag), stoppingToken);
                var fanOut = stats.FanOut.Percentiles();
                var delivery = stats.Delivery.Percentiles();
                await cluster.PublishAsync(
                    new NodeSnapshot(
                        tally.NodeId, service.Name, stats.StartedAt, timeProvider.GetUtcNow(),
                        stats.Connections, stats.Subscriptions, stats.Committed, stats.Acks,
                        fanOut.P50, fanOut.P99, delivery.P50, delivery.P99,
                        report.Status == HealthStatus.Healthy),
                    3 * interval,
                    stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.HeartbeatFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Could not publish this node's heartbeat")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception);
    }
}
