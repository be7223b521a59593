using System.Diagnostics.Metrics;
using LiveWire.Core.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveWire.Hosting;

/// <summary>
/// The node's health checks as the gauge <c>livewire.health.status</c>, one series per check: 1 healthy, 0.5
/// degraded, 0 unhealthy, as of the health check publisher's last run (every <see cref="Period"/>). So Prometheus
/// sees what <c>/health</c> says, such as the broker down behind a Server that stays ready for readers.
/// </summary>
internal sealed class HealthStatusMetrics : IHealthCheckPublisher
{
    /// <summary>How often the checks run for the gauge.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private HealthReport? _last;

    public HealthStatusMetrics(IMeterFactory meters) =>
        meters.Create(LiveWireTelemetry.Name).CreateObservableGauge(
            LiveWireTelemetry.Instruments.HealthStatus,
            Observe,
            unit: null,
            description: "Each health check of the node: 1 healthy, 0.5 degraded, 0 unhealthy.");

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _last, report);
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<double>> Observe() =>
        Volatile.Read(ref _last) is { } report
            ? report.Entries.Select(entry => new Measurement<double>(
                ValueOf(entry.Value.Status), new KeyValuePair<string, object?>(LiveWireTelemetry.Tags.HealthCheck, entry.Key)))
            : [];

    private static double ValueOf(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };
}
