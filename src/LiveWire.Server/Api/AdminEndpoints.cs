using LiveWire.Core.Delivery;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Timeline;
using LiveWire.Server.Auth;

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
            .WithTags("Admin");
        return endpoints;
    }

    private static async Task<IResult> GetOverviewAsync(
        IClusterStats cluster,
        ITimelineStore store,
        IReaderCounts readers,
        IDeliveryStore deliveries,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var nodes = await cluster.GetNodesAsync(cancellationToken);
        var topics = await store.ListTopicsAsync(ReaderEndpoints.ListLimit, cancellationToken);
        var counts = await readers.CountAsync([.. topics.Select(t => t.Topic)], cancellationToken);
        var busiest = topics
            .Select(t => new TopicListItem(t.Topic, t.Title, t.Status, t.LatestSeq, counts[t.Topic], t.UpdatedAt))
            .OrderByDescending(t => t.Readers)
            .ThenByDescending(t => t.UpdatedAt)
            .Take(BusiestTopics)
            .ToArray();
        var recent = await deliveries.ListRecentAsync(RecentDeliveries, cancellationToken);
        var reports = (await Task.WhenAll(recent.Select(r => deliveries.GetReportAsync(r.Topic, r.Seq, cancellationToken))))
            .OfType<DeliveryReport>()
            .ToArray();

        return TypedResults.Ok(new OverviewResponse(
            timeProvider.GetUtcNow(),
            nodes,
            nodes.Sum(n => n.Connections),
            nodes.Sum(n => n.Subscriptions),
            nodes.Sum(n => n.EventsCommitted),
            busiest,
            reports));
    }
}
