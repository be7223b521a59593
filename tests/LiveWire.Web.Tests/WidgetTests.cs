using System.Net.Http.Json;
using System.Text.Json;
using LiveWire.Core.Security;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>The embeddable widget (<c>/livewire.js</c>) and its JavaScript API, on a page of another site.</summary>
public sealed class WidgetTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task One_script_tag_on_another_site_gives_a_live_list_and_the_javascript_api_sees_each_event_once_in_order()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "before", "Before the reader came");
        await newsroom.WaitForSeqAsync(topic, 1);
        await using var site = await NewsSite.StartAsync($$"""
            <h1>Our own story page</h1>
            <div data-livewire-topic="{{topic}}"></div>
            <script src="{{web.Url("/livewire.js")}}"></script>
            <script>
              window.seen = [];
              LiveWire.subscribe("{{topic}}", (e) => window.seen.push(e.seq + ":" + e.kind + ":" + e.id),
                { onState: (s) => window.initial = s.developments.map((d) => d.id) });
            </script>
            """);
        var page = await web.NewPageAsync();
        await page.GotoAsync(site.StoryUrl);
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();
        await Assertions.Expect(live.Post("before")).ToBeVisibleAsync();

        await newsroom.PostAsync(topic, "after", "After the reader came");
        await newsroom.CorrectAsync(topic, "after", "After the reader came, corrected");

        await Assertions.Expect(live.Post("after").Locator(".lw-headline")).ToHaveTextAsync("After the reader came, corrected");
        await Eventually.HoldsAsync(
            async () => (await page.EvaluateAsync<int>("() => window.seen.length")) >= 2, TestTimeouts.Delivery, "the API handler to see 2 events");
        Assert.Equal(["before"], await page.EvaluateAsync<string[]>("() => window.initial"));
        Assert.Equal(["2:published:after", "3:corrected:after"], await page.EvaluateAsync<string[]>("() => window.seen"));
        Assert.Equal(1, await page.Locator("link[href$='/livewire.css']").CountAsync());
        web.AssertNoErrors(page);
    }

    [Fact]
    public async Task The_widget_falls_back_to_polling_when_no_push_transport_gets_through()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "first");
        var page = await web.NewPageAsync();
        await WebFixture.CutOffHubAsync(page);
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);

        await newsroom.PostAsync(topic, "second", "Seen by polling");
        await newsroom.CorrectAsync(topic, "first", "First, corrected while polling");

        await Assertions.Expect(live.Post("second")).ToBeVisibleAsync();
        await Assertions.Expect(live.Post("first").Locator(".lw-headline")).ToHaveTextAsync("First, corrected while polling");
        await Assertions.Expect(live.Widget.Locator(".lw-status")).ToHaveAttributeAsync("data-state", "polling");
        Assert.Equal(["second", "first"], await live.IdsAsync());
    }

    [Fact]
    public async Task The_widget_keeps_trying_when_the_story_cannot_be_loaded_at_first()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "first");
        var page = await web.NewPageAsync();
        var refusals = 0;
        await page.RouteAsync($"**/api/topics/{topic}", route =>
        {
            if (Interlocked.Increment(ref refusals) <= 2)
            {
                return route.FulfillAsync(new() { Status = 503 });
            }

            return route.ContinueAsync();
        });
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();

        await newsroom.PostAsync(topic, "second");

        await Assertions.Expect(live.Post("second")).ToBeVisibleAsync();
        Assert.Equal(["second", "first"], await live.IdsAsync());
        Assert.True(refusals >= 3, $"the state was asked for {refusals} times");
    }

    [Fact]
    public async Task The_widget_acks_what_it_applies_and_the_delivery_report_counts_it()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        using var admin = web.Cluster.CreateClient(web.Server, TopicAccess.AdminRole);
        var page = await web.NewPageAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var acks = new List<(TimeSpan At, string Frame)>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            // This story's acks only: the page also acks the breaking banner's topic, on its own schedule.
            if (frame.Text?.Contains("\"target\":\"Ack\"", StringComparison.Ordinal) == true
                && frame.Text.Contains($"\"arguments\":[\"{topic}\",", StringComparison.Ordinal))
            {
                lock (acks)
                {
                    acks.Add((clock.Elapsed, frame.Text));
                }
            }
        };
        await page.GotoAsync(web.Url($"/live/{topic}"));
        await new LivePage(page, topic).WaitLiveAsync();

        await newsroom.PostAsync(topic, "one");
        await newsroom.PostAsync(topic, "two");
        await newsroom.PostAsync(topic, "three");
        await Assertions.Expect(new LivePage(page, topic).Posts).ToHaveCountAsync(3);

        await Eventually.HoldsAsync(
            async () =>
            {
                var response = await admin.GetAsync($"/api/topics/{topic}/events/3/delivery");
                return response.IsSuccessStatusCode
                    && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acks").GetInt64() >= 1;
            },
            TestTimeouts.Delivery,
            "the delivery report of seq 3 to count the page's ack");
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/topics/{topic}/events/1/delivery");
        Assert.True(report.GetProperty("acks").GetInt64() >= 1, report.ToString());

        // Batched: at most one ack per topic per second, the last one carrying the highest applied seq.
        (TimeSpan At, string Frame)[] sent;
        lock (acks)
        {
            sent = [.. acks];
        }

        Assert.NotEmpty(sent);
        // The page's timer ticks once a second. A busy machine may show one frame late, just before the next (two
        // close together), but three frames always span at least one whole tick: sent per event, they would come
        // within milliseconds.
        Assert.All(sent.Zip(sent.Skip(2)), pair => Assert.True(
            pair.Second.At - pair.First.At > TimeSpan.FromSeconds(1), $"acks {pair.First.Frame} to {pair.Second.Frame} came within one tick"));
        Assert.Contains($"\"arguments\":[\"{topic}\",3,", sent[^1].Frame, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_breaking_banner_shows_a_breaking_post_from_any_story()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url($"/live/{Newsroom.NewTopic("elsewhere")}"));
        await page.Locator(".lw-status[data-state='live']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

        await newsroom.PostAsync(topic, "alert", "Storm warning for the whole coast", priority: "breaking");

        var banner = page.Locator("[data-livewire-banner]");
        await Assertions.Expect(banner.Locator(".lw-banner-link")).ToHaveTextAsync("Storm warning for the whole coast");
        Assert.Equal($"/live/{topic}", new Uri(await banner.Locator(".lw-banner-link").GetAttributeAsync("href") ?? "").AbsolutePath);
        await banner.Locator(".lw-banner-close").ClickAsync();
        await Assertions.Expect(banner).ToBeHiddenAsync();
    }
}
