using System.Diagnostics;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// Two Server nodes behind nginx round robin with no session affinity (issue 14, point 1): the widget opens one
/// WebSocket without SignalR's negotiation, which no balancer can split across nodes, so every page goes live over
/// WebSockets on whichever node takes it, and never falls back to polling.
/// </summary>
public sealed class NoAffinityTests(RoundRobinWebFixture web) : IClassFixture<RoundRobinWebFixture>
{
    private const int PageLoads = 20;
    private const string HubPath = "/hubs/live";

    /// <summary>From the post to the reader's screen, across the bus, the timeline and the backplane.</summary>
    private static readonly TimeSpan ShowsWithin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Twenty_loads_of_a_page_on_another_site_all_go_live_over_websockets_and_show_a_new_post_within_two_seconds()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "before", "Before the readers came");
        await newsroom.WaitForSeqAsync(topic, 1);
        var logged = web.Balancer.UpstreamsOf(HubPath).Count;
        await using var site = await NewsSite.StartAsync($"""
            <h1>Our own story page</h1>
            <div data-livewire-topic="{topic}"></div>
            <script src="{web.BalancedUrl("/livewire.js")}" async></script>
            """);

        for (var load = 1; load <= PageLoads; load++)
        {
            await LoadGoesLiveOverWebSocketsAsync(site.StoryUrl, topic, newsroom, $"load-{load}");
        }

        await SocketsReachedBothNodesAsync(logged, PageLoads);
    }

    [Fact]
    public async Task The_reader_page_served_through_the_same_balancer_goes_live_over_websockets()
    {
        const int Loads = 4;
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "before", "Before the readers came");
        await newsroom.WaitForSeqAsync(topic, 1);

        // Which node each socket reaches is round robin's business, over every request a page makes: four loads may all
        // land on one node (the widget's twenty loads show both nodes taking sockets). Each must go live regardless.
        for (var load = 1; load <= Loads; load++)
        {
            await LoadGoesLiveOverWebSocketsAsync(web.BalancedUrl($"/live/{topic}"), topic, newsroom, $"reader-{load}");
        }
    }

    /// <summary>
    /// One page load: live over one WebSocket through the balancer, no negotiation and no other hub request, the new
    /// post <paramref name="id"/> on screen within <see cref="ShowsWithin"/> of posting (brought by that WebSocket),
    /// and never "polling".
    /// </summary>
    private async Task LoadGoesLiveOverWebSocketsAsync(string url, string topic, HttpClient newsroom, string id)
    {
        var page = await web.NewPageAsync();
        try
        {
            var traffic = await HubTraffic.WatchAsync(page);
            await page.GotoAsync(url);
            var live = new LivePage(page, topic);
            await live.WaitLiveAsync();
            await Assertions.Expect(live.Post("before")).ToBeVisibleAsync();

            var clock = Stopwatch.StartNew();
            await newsroom.PostAsync(topic, id, $"Seen live on {id}");
            await Assertions.Expect(live.Post(id)).ToBeVisibleAsync();
            var shownAfter = clock.Elapsed;

            Assert.True(shownAfter <= ShowsWithin, $"{id}: the post showed {shownAfter.TotalMilliseconds:F0} ms after it was posted.");
            var socket = Assert.Single(traffic.Sockets);
            Assert.StartsWith($"ws://{web.Balancer.Url.Authority}{HubPath}", socket, StringComparison.Ordinal);
            Assert.Empty(traffic.Requests); // no negotiate, no SSE, no long polling
            Assert.Contains(traffic.Frames, frame => frame.Contains("\"target\":\"event\"", StringComparison.Ordinal)
                && frame.Contains($"\"id\":\"{id}\"", StringComparison.Ordinal));
            var states = await traffic.StatesAsync();
            Assert.DoesNotContain("polling", states);
            Assert.Equal("live", states[^1]);
            web.AssertNoErrors(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// nginx logs a WebSocket once it closes: the <paramref name="count"/> hub sockets after the first
    /// <paramref name="logged"/>, all closed by now, went to both nodes, so round robin did spread them and pages on
    /// either node went live.
    /// </summary>
    private async Task SocketsReachedBothNodesAsync(int logged, int count)
    {
        await Eventually.HoldsAsync(
            () => Task.FromResult(web.Balancer.UpstreamsOf(HubPath).Count >= logged + count), TestTimeouts.Delivery, "nginx to log the closed WebSockets");
        var upstreams = web.Balancer.UpstreamsOf(HubPath).Skip(logged).Distinct().Order();
        Assert.Equal(web.Cluster.Servers.Select(server => server.Url.Authority).Order(), upstreams);
    }
}
