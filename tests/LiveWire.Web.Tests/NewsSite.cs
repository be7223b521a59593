using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LiveWire.Web.Tests;

/// <summary>
/// Another news site, on a loopback port of its own (so a page from it is cross-origin to LiveWire), serving one
/// story page that embeds the widget.
/// </summary>
public sealed class NewsSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NewsSite(WebApplication app) => _app = app;

    /// <summary>The story page's address.</summary>
    public string StoryUrl => new Uri(new Uri(_app.Urls.First()), "/story").ToString();

    /// <summary>Starts a site whose <c>/story</c> page has <paramref name="body"/> as its body.</summary>
    public static async Task<NewsSite> StartAsync(string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Another site</title><link rel=\"icon\" href=\"data:,\"></head><body>{body}</body></html>";
        app.MapGet("/story", () => Results.Content(html, "text/html; charset=utf-8"));
        using var cts = new CancellationTokenSource(TestTimeouts.Startup);
        await app.StartAsync(cts.Token);
        return new NewsSite(app);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
