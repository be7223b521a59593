using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>A page whose server goes away comes back complete: every post made meanwhile, once.</summary>
public sealed class ResumeTests(TwoServerWebFixture web) : IClassFixture<TwoServerWebFixture>
{
    [Fact]
    public async Task A_page_whose_server_restarts_resumes_and_shows_every_post_made_meanwhile_exactly_once()
    {
        var topic = Newsroom.NewTopic();
        var pageNode = web.Cluster.Servers[0];
        using var newsroom = web.Cluster.CreateNewsroomClient(web.Cluster.Servers[1]);
        await newsroom.PostAsync(topic, "before");
        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url($"/live/{topic}", pageNode));
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();
        await Assertions.Expect(live.Post("before")).ToBeVisibleAsync();

        await web.Cluster.RestartServerAsync(pageNode, whileDown: async () =>
        {
            await Assertions.Expect(live.Widget.Locator(".lw-status")).Not.ToHaveAttributeAsync("data-state", "live");
            await newsroom.PostAsync(topic, "during-1");
            await newsroom.PostAsync(topic, "during-2");
            await newsroom.CorrectAsync(topic, "before", "Before, corrected while the page's server was down");
            await newsroom.PostAsync(topic, "during-3");
            await newsroom.WaitForSeqAsync(topic, 5);
        });

        await live.Widget.Locator(".lw-status[data-state='live']")
            .WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)TestTimeouts.Startup.TotalMilliseconds });
        await newsroom.PostAsync(topic, "after");

        await Assertions.Expect(live.Post("after")).ToBeVisibleAsync();
        Assert.Equal(["after", "during-3", "during-2", "during-1", "before"], await live.IdsAsync());
        Assert.Equal("Before, corrected while the page's server was down", await live.Post("before").Locator(".lw-headline").TextContentAsync());
        Assert.Equal(1, await live.Post("before").Locator(".lw-corrected").CountAsync());
    }
}
