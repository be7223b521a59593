using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>The reader's live page at <c>/live/{topic}</c> (and <c>/</c>), in a real browser.</summary>
public sealed class ReaderPageTests(WebFixture web, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task The_first_paint_without_javascript_shows_the_story_and_its_developments()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.DescribeAsync(topic, "Flood defences hold overnight", "Rivers peak across the valley as crews work through the night.");
        await newsroom.PostAsync(topic, "first", "Water levels begin to fall");
        await newsroom.PostAsync(topic, "second", "Evacuation order lifted for the old town", priority: "breaking");
        await newsroom.PinAsync(topic, "first");
        await newsroom.WaitForSeqAsync(topic, 3);

        var page = await web.NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);

        Assert.Equal("Flood defences hold overnight", await page.Locator("h1").TextContentAsync());
        Assert.Contains("crews work through the night", await page.Locator(".story-summary").TextContentAsync());
        Assert.True(await page.Locator(".live-badge").IsVisibleAsync());
        Assert.Equal(["second", "first"], await live.IdsAsync());
        Assert.Equal("Evacuation order lifted for the old town", await live.Post("second").Locator(".lw-headline").TextContentAsync());
        Assert.True(await live.Post("second").Locator(".lw-flag-breaking").IsVisibleAsync());
        Assert.Equal("Body of first", await live.Post("first").Locator(".lw-body").TextContentAsync());
        Assert.True(await live.KeyEvent("first").IsVisibleAsync());
    }

    [Fact]
    public async Task A_post_appears_on_an_open_page_without_a_reload()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "warm-up");
        var live = await web.OpenLivePageAsync(topic);

        var clock = Stopwatch.StartNew();
        await newsroom.PostAsync(topic, "news", "Ceasefire talks begin");
        await live.Post("news").WaitForAsync(new() { Timeout = (float)TestTimeouts.Delivery.TotalMilliseconds });
        // How fast is the load tool's to measure (docs/benchmarks.md), not a timed test's: this only reports it.
        output.WriteLine($"POST to visible on the open page: {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(["news", "warm-up"], await live.IdsAsync());
        Assert.Equal("New update: Ceasefire talks begin", await live.Widget.Locator(".lw-sr[aria-live='polite']").TextContentAsync());
        web.AssertNoErrors(live.Page);
    }

    [Fact]
    public async Task A_correction_re_renders_in_place_with_a_corrected_mark_and_time()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "older");
        await newsroom.PostAsync(topic, "wrong", "Nine ships reach the harbour");
        await newsroom.PostAsync(topic, "newer");
        var live = await web.OpenLivePageAsync(topic);
        Assert.Equal(0, await live.Post("wrong").Locator(".lw-corrected").CountAsync());

        await newsroom.CorrectAsync(topic, "wrong", "Six ships reach the harbour");

        await Assertions.Expect(live.Post("wrong").Locator(".lw-headline")).ToHaveTextAsync("Six ships reach the harbour");
        Assert.Equal(["newer", "wrong", "older"], await live.IdsAsync());
        Assert.StartsWith("Corrected", await live.Post("wrong").Locator(".lw-corrected").TextContentAsync());
        Assert.NotNull(await live.Post("wrong").Locator(".lw-corrected time").GetAttributeAsync("datetime"));
        Assert.Equal("2", await live.Post("wrong").GetAttributeAsync("data-revision"));
    }

    [Fact]
    public async Task A_retraction_disappears_from_the_page_with_a_short_notice()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "stays");
        await newsroom.PostAsync(topic, "goes", "Bridge reported closed");
        await newsroom.PinAsync(topic, "goes");
        var live = await web.OpenLivePageAsync(topic);
        await Assertions.Expect(live.KeyEvent("goes")).ToBeVisibleAsync();

        await newsroom.RetractAsync(topic, "goes", "the report was wrong");

        await Assertions.Expect(live.Post("goes")).ToHaveCountAsync(0);
        await Assertions.Expect(live.KeyEvent("goes")).ToHaveCountAsync(0);
        await Assertions.Expect(live.Widget.Locator(".lw-notice")).ToHaveTextAsync("An update was withdrawn: the report was wrong");
        Assert.Equal(["stays"], await live.IdsAsync());
    }

    [Fact]
    public async Task An_xss_payload_in_a_post_stays_inert_live_and_in_the_first_paint()
    {
        const string payload =
            "<p>Plain words</p><img src=x onerror=\"window.__xss='img'\"><script>window.__xss='script'</script>" +
            "<a href=\"javascript:window.__xss='href'\" onclick=\"window.__xss='click'\">a link</a>" +
            "<svg onload=\"window.__xss='svg'\"></svg><iframe src=\"javascript:parent.__xss='iframe'\"></iframe>";
        const string headline = "<img src=y onerror=\"window.__xss='headline'\">";
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        var page = await web.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();

        var response = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new { id = "xss", headline, body = payload });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await live.Post("xss").WaitForAsync();
        await AssertInertAsync();

        await live.Page.ReloadAsync();
        await live.Post("xss").WaitForAsync();
        await AssertInertAsync();

        async Task AssertInertAsync()
        {
            var post = live.Post("xss");
            await post.Locator(".lw-body a").ClickAsync();
            Assert.Equal(headline, await post.Locator(".lw-headline").TextContentAsync());
            Assert.Equal("Plain words", await post.Locator(".lw-body p").TextContentAsync());
            Assert.Equal(0, await post.Locator("img, script, svg, iframe, [onerror], [onclick], [onload]").CountAsync());
            Assert.Null(await post.Locator(".lw-body a").GetAttributeAsync("href"));
            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
            Assert.Equal(0, dialogs);
            web.AssertNoErrors(page);
        }
    }

    [Fact]
    public async Task Pins_move_to_key_events_and_breaking_posts_stand_out()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.DescribeAsync(topic, "Harbour strike", "Dock workers walk out over pay; ferries cancelled.");
        await newsroom.PostAsync(topic, "walkout", "Dock workers walk out at dawn");
        var live = await web.OpenLivePageAsync(topic);
        Assert.False(await live.Widget.Locator(".lw-key").IsVisibleAsync());

        await newsroom.PinAsync(topic, "walkout");
        await newsroom.PostAsync(topic, "ferries", "All ferries cancelled until further notice", priority: "breaking");

        await Assertions.Expect(live.KeyEvent("walkout")).ToContainTextAsync("Dock workers walk out at dawn");
        await Assertions.Expect(live.Post("walkout").Locator(".lw-flag-key")).ToBeVisibleAsync();
        await Assertions.Expect(live.Post("ferries")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lw-breaking"));
        Assert.Equal("Breaking", await live.Post("ferries").Locator(".lw-flag-breaking").TextContentAsync());
        Assert.Equal(
            "rgb(200, 16, 46)",
            await live.Post("ferries").Locator(".lw-headline").EvaluateAsync<string>("h => getComputedStyle(h).color"));

        await newsroom.PinAsync(topic, "walkout", pinned: false);
        await Assertions.Expect(live.KeyEvent("walkout")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reader_who_has_scrolled_down_gets_a_new_updates_button_instead_of_a_jump()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        for (var i = 1; i <= 12; i++)
        {
            await newsroom.PostAsync(topic, $"p{i}");
        }

        var live = await web.OpenLivePageAsync(topic);
        await live.Post("p1").ScrollIntoViewIfNeededAsync();
        var readingAt = await live.Post("p1").EvaluateAsync<double>("p => p.getBoundingClientRect().top");

        await newsroom.PostAsync(topic, "fresh", "A fresh update");

        var button = live.Widget.Locator(".lw-new");
        await Assertions.Expect(button).ToHaveTextAsync("1 new update");
        Assert.Equal(0, await live.Post("fresh").CountAsync());
        Assert.Equal(readingAt, await live.Post("p1").EvaluateAsync<double>("p => p.getBoundingClientRect().top"), tolerance: 1);

        await button.ClickAsync();
        await Assertions.Expect(live.Post("fresh")).ToBeVisibleAsync();
        Assert.Equal("fresh", (await live.IdsAsync())[0]);
        await Assertions.Expect(button).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_home_page_leads_with_the_latest_live_story_and_lists_the_others()
    {
        using var newsroom = web.Newsroom();
        var older = Newsroom.NewTopic("older");
        var latest = Newsroom.NewTopic("latest");
        await newsroom.DescribeAsync(older, "Older story");
        await newsroom.PostAsync(older, "o1");
        await newsroom.DescribeAsync(latest, "Latest story");
        await newsroom.PostAsync(latest, "l1");
        await newsroom.WaitForSeqAsync(latest, 1);

        var page = await web.NewPageAsync(javaScriptEnabled: false);
        await page.GotoAsync(web.Url("/"));

        Assert.Equal("Latest story", await page.Locator("h1").TextContentAsync());
        await Assertions.Expect(page.Locator($".story-list a[href='/live/{older}']")).ToHaveTextAsync("Older story");
    }
}
