using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>What a test looks for on a page that shows a topic through the widget (or its server-rendered first paint).</summary>
public sealed class LivePage(IPage page, string topic)
{
    /// <summary>The browser page.</summary>
    public IPage Page => page;

    /// <summary>The widget's element.</summary>
    public ILocator Widget => page.Locator($"[data-livewire-topic='{topic}']");

    /// <summary>Every update in the main list.</summary>
    public ILocator Posts => Widget.Locator(".lw-posts > .lw-post");

    /// <summary>The update <paramref name="id"/> in the main list.</summary>
    public ILocator Post(string id) => Widget.Locator($".lw-posts > .lw-post[data-id='{id}']");

    /// <summary>The key event <paramref name="id"/>.</summary>
    public ILocator KeyEvent(string id) => Widget.Locator($".lw-key-list > [data-id='{id}']");

    /// <summary>The widget's connection state (data-state of its status line).</summary>
    public Task<string?> StateAsync() => Widget.Locator(".lw-status").GetAttributeAsync("data-state");

    /// <summary>Waits until the widget has taken over from the server-rendered first paint and is connected.</summary>
    public Task WaitLiveAsync() =>
        Widget.Locator(".lw-status[data-state='live']").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>The ids of the updates in the main list, top first.</summary>
    public async Task<IReadOnlyList<string>> IdsAsync() =>
        [.. (await Posts.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.id)"))];
}
