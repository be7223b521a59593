using LiveWire.Core.Delivery;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Timeline;
using LiveWire.Hosting;
using LiveWire.Server.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveWire.Server.Api;

/// <summary>The monitoring API behind the dashboard (role <c>admin</c>).</summary>
internal static class AdminEndpoints
{
    private const int BusiestTopics = 10;
    private const int RecentDeliveries = 10;

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/admin/overview", GetOverviewAsync)
            .RequireAuthorization(LiveWirePolicies.Admin)
            .WithTags("Admin")
            .Produces<OverviewResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<IResult> GetOverviewAsync(
        IClusterStats cluster,
        ITimelineStore store,
        IReaderCounts readers,
        IDeliveryStore deliveries,
        HealthCheckService health,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        // The health comes first and always: when the store is out of reach the dashboard shows that, not a 500.
        var checks = await health.CheckHealthAsync(cancellationToken);
        IReadOnlyList<NodeSnapshot> nodes = [];
        TopicListItem[] busiest = [];
        DeliveryReport[] reports = [];
        try
        {
            nodes = await cluster.GetNodesAsync(cancellationToken);
            var topics = await store.ListTopicsAsync(ReaderEndpoints.ListLimit, cancellationToken);
            var counts = await readers.CountAsync([.. topics.Select(t => t.Topic)], cancellationToken);
            busiest = topics
                .Select(t => new TopicListItem(t.Topic, t.Title, t.Status, t.LatestSeq, counts[t.Topic], t.UpdatedAt))
                .OrderByDescending(t => t.Readers)
                .ThenByDescending(t => t.UpdatedAt)
                .Take(BusiestTopics)
                .ToArray();
            var recent = await deliveries.ListRecentAsync(RecentDeliveries, cancellationToken);
            reports = (await Task.WhenAll(recent.Select(r => deliveries.GetReportAsync(r.Topic, r.Seq, cancellationToken))))
                .OfType<DeliveryReport>()
                .ToArray();
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && checks.Status != HealthStatus.Healthy)
        {
            // A dependency is down (the checks say which); the overview goes out with what it could read.
            AdminLog.OverviewPartial(loggers.CreateLogger(typeof(AdminEndpoints)), exception);
        }

        return TypedResults.Ok(new OverviewResponse(
            timeProvider.GetUtcNow(),
            nodes,
            nodes.Sum(n => n.Connections),
            nodes.Sum(n => n.Subscriptions),
            nodes.Sum(n => n.EventsCommitted),
            busiest,
            reports,
            Math.Round(nodes.Sum(n => n.EventsPerSecond), 2),
            Math.Round(nodes.Sum(n => n.AcksPerSecond), 2),
            LatencySample.Merge(nodes.Select(n => n.FanOutRecent)).Summary(),
            LatencySample.Merge(nodes.Select(n => n.DeliveryRecent)).Summary(),
            DependenciesOf(checks)));
    }

    private static DependencyHealth[] DependenciesOf(HealthReport checks)
    {
        DependencyHealth Named(string name, string notUsed) => checks.Entries.TryGetValue(name, out var entry)
            ? new DependencyHealth(name, HealthNames.Of(entry.Status), entry.Description)
            : new DependencyHealth(name, "not-used", notUsed);

        return
        [
            Named(HealthNames.Redis, "in-memory timeline: one node only"),
            Named(HealthNames.RabbitMq, "in-process bus: one node only"),
            .. checks.Entries
                .Where(entry => entry.Key is not (HealthNames.Redis or HealthNames.RabbitMq or HealthNames.Drain))
                .Select(entry => new DependencyHealth("bus", HealthNames.Of(entry.Value.Status), entry.Value.Description)),
        ];
    }
}
