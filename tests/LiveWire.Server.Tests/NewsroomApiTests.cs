using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Core.Security;
using LiveWire.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Server.Tests;

public sealed class NewsroomApiTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Server => Cluster.Servers[0];

    [Fact]
    public async Task A_post_without_a_token_gets_401_and_one_with_the_wrong_role_403_and_neither_sends_anything()
    {
        var sends = new SendCounter();
        using var observer = Server.Services.GetRequiredService<IBus>().ConnectSendObserver(sends);
        var topic = Newsroom.NewTopic();
        var body = new { headline = "Ceasefire announced" };

        using var anonymous = Cluster.CreateClient(Server);
        using var reader = Cluster.CreateClient(Server, "reader");
        var unauthorized = await anonymous.PostAsJsonAsync($"/api/topics/{topic}/developments", body);
        var forbidden = await reader.PostAsJsonAsync($"/api/topics/{topic}/developments", body);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", unauthorized.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, sends.Sent);
        Assert.Equal(0, (await anonymous.GetEventsAsync(topic)).LatestSeq);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_expired_gets_401()
    {
        using var client = Cluster.CreateClient(Server);
        var topic = Newsroom.NewTopic();
        var otherKey = new Auth.TokenIssuer(
            Microsoft.Extensions.Options.Options.Create(new Auth.LiveWireAuthOptions
            {
                SigningKey = new string('k', 40), Issuer = LiveWireCluster.Issuer, Audience = LiveWireCluster.Audience,
            }),
            TimeProvider.System).Issue("intruder", [TopicAccess.NewsroomRole]);
        var expired = Server.Services.GetRequiredService<Auth.TokenIssuer>()
            .Issue("late", [TopicAccess.NewsroomRole], lifetime: TimeSpan.FromMinutes(-10));

        foreach (var token in new[] { otherKey, expired })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/topics/{topic}/developments")
            {
                Content = JsonContent.Create(new { headline = "Should not pass" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }
    }

    [Theory]
    [InlineData("Bad_Topic-")]
    [InlineData("demo-story%0A")]
    [InlineData("demo-story%0D%0A")]
    [InlineData("demo-st%D0%BEry")] // a Cyrillic o
    [InlineData("demo%2Fstory")]
    [InlineData("demo%2Fstory%2F..%2F..")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task A_bad_topic_name_gets_400_problem_json_naming_the_field_and_changes_nothing(string topicInPath)
    {
        var sends = new SendCounter();
        using var observer = Server.Services.GetRequiredService<IBus>().ConnectSendObserver(sends);
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topicsBefore = await newsroom.GetStringAsync("/api/topics");

        var post = await newsroom.PostAsJsonAsync($"/api/topics/{topicInPath}/developments", new { headline = "Fine headline" });
        var describe = await newsroom.PutAsJsonAsync($"/api/topics/{topicInPath}", new { title = "Fine title" });
        var read = await newsroom.GetAsync($"/api/topics/{topicInPath}/events");

        foreach (var response in new[] { post, describe, read })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("topic", out _));
        }

        Assert.Equal(0, sends.Sent);
        Assert.Equal(topicsBefore, await newsroom.GetStringAsync("/api/topics"));
    }

    [Theory]
    [InlineData("quake%0A")]
    [InlineData("qu%D0%B0ke")] // a Cyrillic a
    [InlineData("quake%2F..")]
    public async Task A_bad_development_id_gets_400_problem_json_and_sends_nothing(string idInPath)
    {
        var sends = new SendCounter();
        using var observer = Server.Services.GetRequiredService<IBus>().ConnectSendObserver(sends);
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();

        var correct = await newsroom.PutAsJsonAsync($"/api/topics/{topic}/developments/{idInPath}", new { headline = "Fine headline" });
        var publish = await newsroom.PostAsJsonAsync(
            $"/api/topics/{topic}/developments", new { id = Uri.UnescapeDataString(idInPath), headline = "Fine headline" });

        foreach (var response in new[] { correct, publish })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, sends.Sent);
    }

    [Fact]
    public async Task Bad_fields_get_400_naming_each_field_and_an_oversized_body_413()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();

        var invalid = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new
        {
            id = "has spaces",
            headline = new string('h', 201),
            priority = "urgent",
            tags = Enumerable.Range(0, 11).Select(i => $"t{i}").ToArray(),
        });
        var tooLarge = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new
        {
            headline = "Long read",
            body = new string('b', 16 * 1024 + 1),
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();
        Assert.Equal(["headline", "id", "priority", "tags"], fields);
        var overRequestLimit = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new
        {
            headline = "Very long read",
            body = new string('b', 100 * 1024),
        });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        using var tooLargeProblem = JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync());
        Assert.True(tooLargeProblem.RootElement.GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overRequestLimit.StatusCode);
        Assert.Equal(0, (await newsroom.GetEventsAsync(topic)).LatestSeq);
    }

    [Fact]
    public async Task A_valid_post_is_accepted_with_its_id_and_committed_with_a_sanitised_body()
    {
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        var topic = Newsroom.NewTopic();

        var response = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new
        {
            headline = "Talks begin",
            body = "<p onclick=\"steal()\">Delegations <em>arrive</em><script>steal()</script></p>",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = accepted.RootElement.GetProperty("id").GetString();
        Assert.Equal(topic, accepted.RootElement.GetProperty("topic").GetString());
        await Eventually.HoldsAsync(async () => (await newsroom.GetEventsAsync(topic)).LatestSeq == 1, TestTimeouts.Delivery, "the post to be committed");
        var committed = Assert.Single((await newsroom.GetEventsAsync(topic)).Events);
        Assert.Equal((id, 1L, "<p>Delegations <em>arrive</em></p>"), (committed.Id, committed.Seq, committed.Body));
    }
}
