namespace LiveWire.Web.Tests;

/// <summary>The reader's live page at <c>/</c> and <c>/live/{topic}</c>, in a real browser.</summary>
public sealed class ReaderPageTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task The_widget_script_loads_in_the_browser()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(new Uri(web.Cluster.Servers[0].Url, "/livewire.js").ToString());
        await page.SetContentAsync($"<script src=\"{new Uri(web.Cluster.Servers[0].Url, "/livewire.js")}\"></script>");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.LiveWire.version"));
    }
}
