using LiveWire.Realtime.Draining;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveWire.Hosting;

/// <summary>Not ready while the node drains: the balancer stops sending it readers.</summary>
internal sealed class DrainHealthCheck(ConnectionDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("draining: its readers are moving to other nodes")
            : HealthCheckResult.Healthy("serving"));
}
