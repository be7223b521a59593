using System.Net;
using System.Net.Http.Json;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Server.Auth;
using LiveWire.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

/// <summary>The limits on how fast an editor may post and a connection may subscribe: refused clearly, nothing changed.</summary>
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private const int Burst = 3;

    public sealed class Fixture : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [$"{LimitsOptions.SectionName}:NewsroomRequestsPerSecond"] = "1",
            [$"{LimitsOptions.SectionName}:NewsroomBurst"] = $"{Burst}",
            [$"{LimitsOptions.SectionName}:HubCallsPerSecond"] = "1",
            [$"{LimitsOptions.SectionName}:HubCallBurst"] = $"{Burst}",
            [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.100",
        };
    }

    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Server => Cluster.Servers[0];

    // Each test posts as an editor of its own: the limit is per editor.
    private HttpClient NewEditor()
    {
        var client = Cluster.CreateClient(Server);
        var token = Server.Services.GetRequiredService<TokenIssuer>().Issue($"editor-{Guid.NewGuid():N}", [TopicAccess.NewsroomRole]);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task An_editor_past_the_rate_gets_429_problem_json_with_Retry_After_and_nothing_is_accepted()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = NewEditor();
        var accepted = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 1; refused is null && i <= Burst + 5; i++)
        {
            var response = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new { id = $"post-{i}", headline = $"Post {i}" });
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add($"post-{i}");
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(429, problem!.Status);
        Assert.InRange(accepted.Count, Burst, Burst + 1);

        await newsroom.WaitForSeqAsync(topic, accepted.Count);
        var retry = DateTimeOffset.UtcNow + refused.Headers.RetryAfter!.Delta!.Value;
        await Eventually.HoldsAsync(() => DateTimeOffset.UtcNow >= retry, TestTimeouts.Delivery, "the Retry-After to pass");
        await newsroom.PostAsync(topic, "after-the-wait");
        await newsroom.WaitForSeqAsync(topic, accepted.Count + 1);
        Assert.Equal(
            accepted.Append("after-the-wait").Order(StringComparer.Ordinal),
            (await newsroom.GetEventsAsync(topic)).Events.Select(e => e.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_editor_past_the_rate_who_accepts_only_html_still_gets_429_problem_json()
    {
        using var newsroom = NewEditor();
        var topic = Newsroom.NewTopic();
        HttpResponseMessage? refused = null;
        for (var i = 1; refused is null && i <= Burst + 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/topics/{topic}/developments")
            {
                Content = JsonContent.Create(new { id = $"html-{i}", headline = $"Post {i}" }),
            };
            request.Headers.Accept.ParseAdd("text/html");
            var response = await newsroom.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_connection_that_subscribes_too_fast_gets_rate_limited_and_is_not_subscribed()
    {
        var topics = Enumerable.Range(0, Burst + 2).Select(_ => Newsroom.NewTopic()).ToArray();
        await using var connection = LiveWireCluster.CreateHubConnection(Server);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");

        HubException? error = null;
        var subscribed = new List<string>();
        foreach (var topic in topics)
        {
            try
            {
                await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, (long?)null).Within(TestTimeouts.Delivery, "Subscribe");
                subscribed.Add(topic);
            }
            catch (HubException exception)
            {
                error = exception;
                break;
            }
        }

        Assert.NotNull(error);
        Assert.StartsWith("rate-limited:", error.Message.Split("HubException: ").Last());
        Assert.InRange(subscribed.Count, Burst, Burst + 1);

        // The refused topic has no reader; the accepted ones have this one.
        var refusedTopic = topics[subscribed.Count];
        using var newsroom = NewEditor();
        await newsroom.PostAsync(refusedTopic, "probe");
        await newsroom.PostAsync(subscribed[0], "probe");
        await newsroom.WaitForSeqAsync(refusedTopic, 1);
        await newsroom.WaitForSeqAsync(subscribed[0], 1);
        await Eventually.HoldsAsync(async () => (await newsroom.GetTopicAsync(subscribed[0])).Readers == 1, TestTimeouts.Delivery, "the subscribed topic's reader to be counted");
        Assert.Equal(0, (await newsroom.GetTopicAsync(refusedTopic)).Readers);
    }
}
