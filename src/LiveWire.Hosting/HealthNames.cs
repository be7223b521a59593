using System.Text.Json;
using Microsoft.AspNetCore.Http;
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

    /// <summary>The name of the check that fails while the node drains its readers before it stops.</summary>
    public const string Drain = "drain";

    /// <summary>The RabbitMQ check's name, and the dependency's in the admin overview.</summary>
    public const string RabbitMq = "rabbitmq";

    /// <summary>
    /// Whether the checks of <paramref name="report"/> that decide readiness (tagged
    /// <see cref="LiveWireNodeExtensions.ReadyTag"/>) are all healthy; the others are only reported.
    /// </summary>
    public static bool IsReady(HealthReport report) =>
        report.Entries.Values.Where(entry => entry.Tags.Contains(LiveWireNodeExtensions.ReadyTag)).All(entry => entry.Status == HealthStatus.Healthy);

    /// <summary>
    /// Writes <c>/health</c>: <c>{"status", "ready", "checks": {name: {"status", "description", "ready"}}}</c>, with
    /// <c>200</c> unless a check is unhealthy. A degraded dependency (the broker, seen from a Server) shows here.
    /// </summary>
    public static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", Of(report.Status));
            json.WriteBoolean("ready", IsReady(report));
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", Of(entry.Status));
                json.WriteString("description", entry.Description);
                json.WriteBoolean("ready", entry.Tags.Contains(LiveWireNodeExtensions.ReadyTag));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    /// <summary>The lower-case name of <paramref name="status"/>.</summary>
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
