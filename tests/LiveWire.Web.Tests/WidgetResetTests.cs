using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>A page that falls further behind than the history reaches reloads the topic's state instead.</summary>
public sealed class WidgetResetTests(ShortHistoryWebFixture web) : IClassFixture<ShortHistoryWebFixture>
{
    [Fact]
    public async Task A_page_cut_off_for_longer_than_the_history_reaches_shows_the_current_state_once()
    {
        var topic = Newsroom.NewTopic();
        using var newsroom = web.Newsroom();
        await newsroom.PostAsync(topic, "d1");
        var page = await web.NewPageAsync();
        var cutOff = true;
        await WebFixture.CutOffHubAsync(page);
        await page.RouteAsync($"**/api/topics/{topic}/events**", route => cutOff ? route.AbortAsync() : route.ContinueAsync());
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);
        await Assertions.Expect(live.Widget.Locator(".lw-status")).ToHaveAttributeAsync("data-state", "reconnecting");

        for (var i = 2; i <= 15; i++)
        {
            await newsroom.PostAsync(topic, $"d{i}");
        }

        await newsroom.RetractAsync(topic, "d3", "duplicate");
        await newsroom.WaitForSeqAsync(topic, 16);
        cutOff = false;

        await Assertions.Expect(live.Post("d15")).ToBeVisibleAsync();
        await Assertions.Expect(live.Widget.Locator(".lw-status")).ToHaveAttributeAsync("data-state", "polling");
        Assert.Equal(
            [.. Enumerable.Range(1, 15).Reverse().Where(i => i != 3).Select(i => $"d{i}")],
            await live.IdsAsync());
    }
}
