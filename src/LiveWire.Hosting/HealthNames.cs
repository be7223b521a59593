using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveWire.Hosting;

/// <summary>How health statuses are written for the dashboard: <c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>.</summary>
public static class HealthNames
{
    /// <summary>The lower-case name of <paramref name="status"/>.</summary>
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
