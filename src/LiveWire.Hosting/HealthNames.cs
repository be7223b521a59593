using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveWire.Hosting;

/// <summary>
/// The names of the health checks a node registers, and how health statuses are written for the dashboard:
/// <c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>.
/// </summary>
public static class HealthNames
{
    /// <summary>The Redis check's name, and the dependency's in the admin overview.</summary>
    public const string Redis = "redis";

    /// <summary>The RabbitMQ check's name, and the dependency's in the admin overview.</summary>
    public const string RabbitMq = "rabbitmq";

    /// <summary>The lower-case name of <paramref name="status"/>.</summary>
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
