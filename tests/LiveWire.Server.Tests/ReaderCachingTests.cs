using System.Net;
using System.Net.Http.Headers;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>Reader GETs are cacheable for a moment and revalidate cheaply: ETag, a short Cache-Control, 304.</summary>
public sealed class ReaderCachingTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private LiveWireCluster Cluster => fixture.Cluster;

    private LiveWireNode Server => Cluster.Servers[0];

    [Theory]
    [InlineData("/api/topics")]
    [InlineData("/api/topics/{topic}")]
    [InlineData("/api/topics/{topic}/events?after=0")]
    public async Task A_reader_get_carries_an_etag_and_a_short_public_cache_control_and_answers_304_when_it_matches(string path)
    {
        var topic = await TopicWithOneEventAsync();
        using var reader = Cluster.CreateClient(Server);
        var url = path.Replace("{topic}", topic, StringComparison.Ordinal);

        using var first = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 1 }, $"Cache-Control: {first.Headers.CacheControl}");

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await reader.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(etag, revalidated.Headers.ETag);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_etag_changes_when_the_topic_changes_and_an_old_one_gets_the_new_state()
    {
        var topic = await TopicWithOneEventAsync();
        using var reader = Cluster.CreateClient(Server);
        var before = (await reader.GetAsync($"/api/topics/{topic}")).Headers.ETag!;

        using var newsroom = Cluster.CreateNewsroomClient(Server);
        await newsroom.PostAsync(topic, "second");
        await newsroom.WaitForSeqAsync(topic, 2);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/topics/{topic}");
        request.Headers.IfNoneMatch.Add(before);
        using var response = await reader.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(before, response.Headers.ETag);
        Assert.Contains("\"second\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_or_listed_if_none_match_matches_too()
    {
        var topic = await TopicWithOneEventAsync();
        using var reader = Cluster.CreateClient(Server);
        var etag = (await reader.GetAsync($"/api/topics/{topic}/events?after=0")).Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/topics/{topic}/events?after=0");
        request.Headers.TryAddWithoutValidation("If-None-Match", $"\"something-else\", W/{etag.Tag}");
        using var response = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task A_private_topic_is_cached_privately_only()
    {
        var topic = "private-" + Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        await newsroom.PostAsync(topic, "secret");
        using var reader = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Cluster.IssueToken([], [topic]));
        await reader.WaitForSeqAsync(topic, 1);

        using var response = await reader.GetAsync($"/api/topics/{topic}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl is { Private: true, Public: false }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("Authorization", response.Headers.Vary);
    }

    private async Task<string> TopicWithOneEventAsync()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = Cluster.CreateNewsroomClient(Server);
        await newsroom.PostAsync(topic, "first");
        await newsroom.WaitForSeqAsync(topic, 1);
        return topic;
    }
}
