using System.Net;
using LiveWire.Contracts;
using LiveWire.Core.Topics;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>
/// A private story, even flagged breaking, shows nowhere an anonymous caller can look: the breaking lane (HTTP and
/// hub), the home page, the topic list, the dashboard's data and the metrics.
/// </summary>
public sealed class PrivateTopicTests : IAsyncLifetime
{
    private LiveWireCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartAsync(servers: 1, workers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_breaking_post_on_a_private_topic_shows_nowhere_an_anonymous_caller_can_see()
    {
        var server = _cluster.Servers[0];
        using var newsroom = _cluster.CreateNewsroomClient(server);
        using var anonymous = _cluster.CreateClient(server);
        using var reader = _cluster.CreateClient(server, "reader");
        using var granted = new HttpClient { BaseAddress = server.Url, Timeout = TestTimeouts.Delivery };
        var (secret, open) = (Newsroom.NewTopic("private-board"), Newsroom.NewTopic("open"));
        granted.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.IssueToken([], [secret]));
        const string secretWords = "Quarterly-secret-merger-talks";
        await newsroom.DescribeAsync(secret, $"{secretWords} title", $"{secretWords} summary");
        await newsroom.PostAsync(secret, "leak", $"{secretWords} headline", priority: "breaking");
        await granted.WaitForSeqAsync(secret, 1);
        // A public breaking post after it: once it is on the lane, the private one has had its chance to be too.
        await newsroom.PostAsync(open, "open", "A public alert", priority: "breaking");
        await newsroom.WaitForSeqAsync(TopicName.Breaking, 1);

        var lane = await anonymous.GetEventsAsync(TopicName.Breaking);
        Assert.Equal([open], lane.Events.Select(e => e.SourceTopic));

        await using var hub = LiveWireCluster.CreateHubConnection(server);
        await hub.StartAsync().WaitAsync(TestTimeouts.Delivery);
        var subscribed = await hub.InvokeAsync<Contracts.SubscribeResult>("Subscribe", TopicName.Breaking, 0L).WaitAsync(TestTimeouts.Delivery);
        Assert.Equal(1, subscribed.LatestSeq);

        var places = new Dictionary<string, string>
        {
            ["/"] = await anonymous.GetStringAsync("/"),
            [$"/live/{open}"] = await anonymous.GetStringAsync($"/live/{open}"),
            ["/api/topics"] = await anonymous.GetStringAsync("/api/topics"),
            ["/api/topics (reader token)"] = await reader.GetStringAsync("/api/topics"),
            ["/api/topics/breaking"] = await anonymous.GetStringAsync($"/api/topics/{TopicName.Breaking}"),
            ["/metrics"] = await anonymous.GetStringAsync("/metrics"),
        };
        Assert.All(places, place =>
        {
            Assert.DoesNotContain(secretWords, place.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, place.Value, StringComparison.Ordinal);
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/admin/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/topics/{secret}/events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/live/{secret}")).StatusCode);

        // A token that names the story still lists and reads it.
        Assert.Contains(secretWords, await granted.GetStringAsync("/api/topics"), StringComparison.Ordinal);
        Assert.Equal(1, (await granted.GetEventsAsync(secret)).LatestSeq);
    }
}
