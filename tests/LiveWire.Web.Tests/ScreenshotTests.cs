using System.Net.Http.Json;

namespace LiveWire.Web.Tests;

/// <summary>The reader's page as the README shows it: a story with a summary, key events, a correction, a breaking update.</summary>
public sealed class ScreenshotTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task The_reader_page_of_a_developing_story_is_captured_for_the_readme()
    {
        using var newsroom = web.Newsroom();
        await newsroom.DescribeAsync("rail-strike", "Rail strike: commuters face a second day of cancellations");
        await newsroom.PostAsync("rail-strike", "r1", "Unions and operators agree to meet on Friday");
        await newsroom.DescribeAsync("city-marathon", "City marathon: road closures across the centre", status: "ended");
        await newsroom.PostAsync("city-marathon", "m1", "Last runners cross the finish line");

        const string topic = "river-flooding";
        await newsroom.DescribeAsync(
            topic,
            "River flooding: towns along the valley on alert",
            "Water levels are rising after three days of heavy rain. Emergency crews are reinforcing barriers and some homes have been evacuated.");
        await PostAsync("f1", "Flood warnings issued for six towns", "<p>The environment agency has raised warnings for six towns along the river after overnight rain.</p>");
        await PostAsync("f2", "Temporary barriers go up in the old town", "<p>Crews worked through the night to install <strong>two kilometres</strong> of barriers along the quay.</p>", author: "Local reporter");
        await PostAsync("f3", "Schools closed for the day", "<ul><li>All primary schools in the lower valley are closed.</li><li>Secondary schools open as normal.</li></ul>");
        await PostAsync("f4", "River expected to peak this evening", "<p>Forecasters expect the river to peak at around 18:00, slightly below last winter's record.</p>", priority: "breaking");
        await newsroom.CorrectAsync(topic, "f3", "Schools closed in the lower valley", "<ul><li>All primary schools in the lower valley are closed.</li><li>Secondary schools open as normal.</li></ul>");
        await newsroom.PinAsync(topic, "f1");
        await newsroom.PinAsync(topic, "f4");
        await newsroom.WaitForSeqAsync(topic, 7);

        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url($"/live/{topic}"));
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();
        await Microsoft.Playwright.Assertions.Expect(live.Posts).ToHaveCountAsync(4);
        await Repository.ScreenshotAsync(page, "reader-page.png");

        async Task PostAsync(string id, string headline, string body, string? priority = null, string? author = null)
        {
            var response = await newsroom.PostAsJsonAsync($"/api/topics/{topic}/developments", new { id, headline, body, priority, author });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }
    }
}
