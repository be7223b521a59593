using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Client.Internal;

namespace LiveWire.Client.Tests;

/// <summary>
/// Stands in for <c>GET /api/topics/{topic}</c>, which main is building: answers it from the node's own history
/// (<c>GET …/events?after=0</c>), as the state of a topic that only ever had publishes. Every other request passes
/// through to the node. Drop it once the endpoint has landed.
/// </summary>
internal sealed class TopicStateFromHistory(string topic, Action onStateRead) : DelegatingHandler
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri!.AbsolutePath != $"/api/topics/{topic}")
        {
            return await base.SendAsync(request, cancellationToken);
        }

        onStateRead();
        using var historyRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri, $"/api/topics/{topic}/events?after=0&limit=500"));
        using var historyResponse = await base.SendAsync(historyRequest, cancellationToken);
        historyResponse.EnsureSuccessStatusCode();
        var history = (await historyResponse.Content.ReadFromJsonAsync<EventsPage>(s_json, cancellationToken))!;
        var state = new TopicSnapshot
        {
            Topic = topic,
            Status = "live",
            LatestSeq = history.LatestSeq,
            Developments = [.. history.Events
                .Where(e => e.Kind == LiveEventKinds.Published)
                .OrderByDescending(e => e.Seq)
                .Select(e => new DevelopmentSnapshot
                {
                    Id = e.Id, Seq = e.Seq, Revision = e.Revision, Headline = e.Headline, Body = e.Body, Priority = e.Priority,
                    Pinned = e.Pinned, PublishedAt = e.CommittedAt, UpdatedAt = e.CommittedAt,
                })],
        };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(state, options: s_json) };
    }
}
