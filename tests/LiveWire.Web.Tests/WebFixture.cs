using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// A cluster of one Server and one Ingestion worker on the real Redis and RabbitMQ, and one headless chromium,
/// shared by the tests of a class; each test opens its own browser context (its own cookies and storage) and topics.
/// </summary>
public class WebFixture : ClusterFixture
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _errors = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The first Server node.</summary>
    public LiveWireNode Server => Cluster.Servers[0];

    /// <summary>A newsroom client on the first Server node.</summary>
    public HttpClient Newsroom() => Cluster.CreateNewsroomClient(Server);

    /// <summary>The address of <paramref name="path"/> on <paramref name="node"/> (default: the first Server).</summary>
    public string Url(string path, LiveWireNode? node = null) => new Uri((node ?? Server).Url, path).ToString();

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A page in a fresh context, its waits bounded by <see cref="TestTimeouts.Delivery"/>.</summary>
    public async Task<IPage> NewPageAsync(bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout((float)TestTimeouts.Delivery.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var errors = _errors.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            // A 404 from the API is an answer the page handles (a topic with nothing published yet, no delivery report yet).
            if (message.Type == "error" && !(message.Text.Contains("status of 404", StringComparison.Ordinal)
                && message.Location.Contains("/api/topics/", StringComparison.Ordinal)))
            {
                lock (errors)
                {
                    errors.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return page;
    }

    /// <summary>
    /// Keeps <paramref name="page"/> off the hub, as a proxy that lets no push transport through would: every HTTP
    /// request to it (negotiate, SSE, long polling) fails and every WebSocket to it is closed.
    /// </summary>
    public static async Task CutOffHubAsync(IPage page)
    {
        await page.RouteAsync("**/hubs/live**", route => route.AbortAsync());
        await page.RouteWebSocketAsync("**/hubs/live**", socket => socket.CloseAsync());
    }

    /// <summary>Fails when <paramref name="page"/> reported errors: script exceptions, CSP violations, failed loads.</summary>
    public void AssertNoErrors(IPage page)
    {
        var errors = _errors.GetOrCreateValue(page);
        lock (errors)
        {
            Assert.True(errors.Count == 0, "The page reported errors:\n" + string.Join("\n", errors));
        }
    }

    /// <summary>Opens <c>/live/{topic}</c> on <paramref name="node"/> and waits until the widget is live.</summary>
    public async Task<LivePage> OpenLivePageAsync(string topic, LiveWireNode? node = null)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Url($"/live/{topic}", node));
        var live = new LivePage(page, topic);
        await live.WaitLiveAsync();
        return live;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
