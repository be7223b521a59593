using System.Text.RegularExpressions;
using LiveWire.Core.Security;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>The newsroom console at <c>/newsroom</c>, driven as an editor would, mostly from the keyboard.</summary>
public sealed partial class NewsroomConsoleTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task An_editor_signs_in_describes_a_story_and_posts_corrects_pins_and_retracts()
    {
        var topic = Newsroom.NewTopic("console");
        var page = await SignedInAsync(TopicAccess.NewsroomRole, TopicAccess.AdminRole);
        await OpenTopicAsync(page, topic);

        await page.GetByLabel("Title").FillAsync("Election night");
        await page.GetByLabel("Summary").FillAsync("Results as they come in from every district.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save story" }).ClickAsync();
        await Assertions.Expect(page.Locator("#topic-form .saved")).ToContainTextAsync("Saved");

        await page.GetByLabel("Headline").FillAsync("Polls close across the country");
        await page.GetByLabel("Body").FillAsync("<p>Counting begins <strong>now</strong>.</p>");
        await Assertions.Expect(page.Locator("#preview .lw-headline")).ToHaveTextAsync("Polls close across the country");
        await Assertions.Expect(page.Locator("#preview .lw-body strong")).ToHaveTextAsync("now");
        await page.GetByLabel("Body").PressAsync("Control+Enter");
        var first = Post(page, "Polls close across the country");
        await Assertions.Expect(first.Locator(".post-seq")).ToHaveTextAsync("seq 1");

        await page.GetByLabel("Headline").FillAsync("First district declares");
        await page.GetByLabel("Breaking").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        var second = Post(page, "First district declares");
        await Assertions.Expect(second.Locator(".lw-flag-breaking")).ToBeVisibleAsync();

        await first.GetByRole(AriaRole.Button, new() { Name = "Correct" }).ClickAsync();
        await first.GetByLabel("Headline").FillAsync("Polls close across most of the country");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        var corrected = Post(page, "Polls close across most of the country");
        await Assertions.Expect(corrected.Locator(".post-revision")).ToContainTextAsync("revision 2");

        await corrected.GetByRole(AriaRole.Button, new() { Name = "Pin as key event" }).ClickAsync();
        await Assertions.Expect(corrected.GetByRole(AriaRole.Button, new() { Name = "Unpin" })).ToBeVisibleAsync();

        // Reach needs the admin role (this token has it): the console's own subscription acks what it shows. The console
        // reads reach every 5 s, and the ack and its flush may just miss a read: up to TestTimeouts.Delivery.
        await Assertions.Expect(corrected.Locator(".post-reach"))
            .ToHaveTextAsync(ReachWithAcks(), new() { Timeout = (float)TestTimeouts.Delivery.TotalMilliseconds });
        await page.GetByLabel("Headline").FillAsync("Turnout highest in two decades");
        await page.GetByLabel("Body").FillAsync("<p>Officials report queues at <em>most</em> polling stations.</p>");
        await Repository.ScreenshotAsync(page, "newsroom-console.png");
        await page.GetByLabel("Headline").FillAsync("");
        await page.GetByLabel("Body").FillAsync("");

        await second.GetByRole(AriaRole.Button, new() { Name = "Pin as key event" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Unpin" }).ClickAsync();
        await Assertions.Expect(second.GetByRole(AriaRole.Button, new() { Name = "Pin as key event" })).ToBeVisibleAsync();

        await second.GetByRole(AriaRole.Button, new() { Name = "Retract" }).ClickAsync();
        await second.GetByRole(AriaRole.Button, new() { Name = "Retract this post" }).ClickAsync();
        await Assertions.Expect(second.Locator("[data-error-for='reason']")).ToHaveTextAsync("Give readers a reason.");
        await second.GetByLabel("Reason (shown to readers)").FillAsync("Declared too early");
        await second.GetByLabel("Reason (shown to readers)").PressAsync("Enter");
        await Assertions.Expect(second).ToHaveCountAsync(0);


        using var reader = web.Cluster.CreateClient(web.Server);
        var state = await reader.GetTopicAsync(topic);
        Assert.Equal("Election night", state.Title);
        var development = Assert.Single(state.Developments);
        Assert.Equal("Polls close across most of the country", development.Headline);
        Assert.True(development.Pinned);
        var events = await reader.GetEventsAsync(topic);
        Assert.Equal(["published", "published", "corrected", "pinned", "pinned", "unpinned", "retracted"], events.Events.Select(e => e.Kind));
        Assert.Equal("Declared too early", events.Events[^1].Reason);
        web.AssertNoErrors(page);
    }

    [Fact]
    public async Task Errors_from_the_api_show_next_to_the_field_they_are_about()
    {
        var page = await SignedInAsync(TopicAccess.NewsroomRole);
        await OpenTopicAsync(page, Newsroom.NewTopic("console"));
        await Assertions.Expect(page.Locator("#reach-note")).ToContainTextAsync("needs a token with the admin role");

        await page.GetByLabel("Body").FillAsync("A body without a headline");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        var error = page.Locator("#headline-error");
        await Assertions.Expect(error).Not.ToBeEmptyAsync();
        Assert.Equal("true", await page.GetByLabel("Headline").GetAttributeAsync("aria-invalid"));
        Assert.True(await page.GetByLabel("Headline").EvaluateAsync<bool>("e => e === document.activeElement"));
        Assert.Equal(0, await page.Locator("#posts > li").CountAsync());

        await page.Locator("#topic").FillAsync("Not A Topic");
        await page.Locator("#topic").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#topic-error")).ToContainTextAsync("a-z, 0-9");
    }

    [Fact]
    public async Task A_token_without_the_newsroom_role_is_refused_at_sign_in()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url("/newsroom"));
        await page.GetByLabel("Token").FillAsync(web.Cluster.IssueToken([TopicAccess.AdminRole]));
        await page.GetByLabel("Token").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#token-error")).ToContainTextAsync("no newsroom role");
        Assert.True(await page.Locator("#workspace").IsHiddenAsync());
    }

    private static ILocator Post(IPage page, string headline) =>
        page.Locator("#posts > li").Filter(new() { Has = page.Locator(".lw-headline", new() { HasTextString = headline }) });

    [GeneratedRegex(@"^Reach: \d+ subscribers · [1-9]\d* acks · p50 \d+ ms$")]
    private static partial Regex ReachWithAcks();

    private async Task<IPage> SignedInAsync(params string[] roles)
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url("/newsroom"));
        await page.GetByLabel("Token").FillAsync(web.Cluster.IssueToken(roles));
        await page.GetByLabel("Token").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Signed in");
        return page;
    }

    private static async Task OpenTopicAsync(IPage page, string topic)
    {
        await page.Locator("#topic").FillAsync(topic);
        await page.Locator("#topic").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#compose-panel")).ToBeVisibleAsync();
    }
}
