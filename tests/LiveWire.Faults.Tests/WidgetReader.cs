using LiveWire.Web.Tests;
using Microsoft.Playwright;

namespace LiveWire.Faults.Tests;

/// <summary>
/// The widget in Debian's chromium, as a news site's page runs it: the story's live page on a Server node, plus a
/// <c>LiveWire.subscribe(topic, handler, {afterSeq: 0})</c> that records the seq of every event the widget hands its
/// handler (once each, in order, is the widget's promise).
/// </summary>
internal sealed class WidgetReader : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private WidgetReader(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    /// <summary>Opens <c>/live/{topic}</c> on <paramref name="node"/> and subscribes from seq 0.</summary>
    public static async Task<WidgetReader> StartAsync(Uri node, string topic)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(node, $"/live/{topic}").ToString());
        await page.WaitForFunctionAsync("() => window.LiveWire !== undefined");
        await page.EvaluateAsync(
            "topic => { window.__seen = []; window.LiveWire.subscribe(topic, e => window.__seen.push(e.seq), { afterSeq: 0 }); }",
            topic);
        return new WidgetReader(playwright, browser, page);
    }

    /// <summary>The seqs the widget handed its handler, in order.</summary>
    public async Task<IReadOnlyList<long>> SeenAsync() => await _page.EvaluateAsync<long[]>("() => window.__seen");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
