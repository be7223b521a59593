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
        var previous = (At: stats.StartedAt, Committed: 0L, Acks: 0L);
        do
        {
            try
            {
                var report = await health.CheckHealthAsync(stoppingToken);
                var fanOut = stats.FanOut.Sample();
                var delivery = stats.Delivery.Sample();
                var (fanOutSummary, deliverySummary) = (fanOut.Summary(), delivery.Summary());
                var now = timeProvider.GetUtcNow();
                var current = (At: now, stats.Committed, stats.Acks);
                var seconds = Math.Max((current.At - previous.At).TotalSeconds, 0.001);
                await cluster.PublishAsync(
                    new NodeSnapshot(
                        tally.NodeId, service.Name, stats.StartedAt, now,
                        stats.Connections, stats.Subscriptions, current.Committed, current.Acks,
                        fanOutSummary.P50, fanOutSummary.P99, deliverySummary.P50, deliverySummary.P99,
                        HealthNames.IsReady(report),
                        Math.Round((current.Committed - previous.Committed) / seconds, 2),
                        Math.Round((current.Acks - previous.Acks) / seconds, 2),
                        fanOut,
                        delivery,
                        report.Entries.ToDictionary(entry => entry.Key, entry => HealthNames.Of(entry.Value.Status))),
                    3 * interval,
                    stoppingToken);
                previous = current;
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
