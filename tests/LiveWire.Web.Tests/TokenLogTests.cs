using LiveWire.Core.Security;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// After an editor's session in the newsroom console through the project's nginx, no log the stack wrote holds
/// the editor's token: the console swaps it for a short-lived hub token, nginx logs paths without query strings,
/// and the Server never writes a request line.
/// </summary>
public sealed class TokenLogTests : IAsyncLifetime
{
    private NodeProcess _server = null!;
    private NginxBalancer _nginx = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            // As talkative as an operator could make it.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Http.Connections"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore.Authentication"] = "Debug",
        };
        foreach (var (key, value) in LiveWireCluster.AuthSettings)
        {
            settings[key] = value!;
        }

        _server = await NodeProcess.StartAsync("LiveWire.Server", NodeProcess.FreePort(), settings);
        _nginx = await NginxBalancer.StartAsync(_server.Url, _server.Url);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _nginx.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task After_a_console_session_no_log_of_the_stack_holds_the_editors_token()
    {
        var token = LiveWireCluster.Mint([TopicAccess.NewsroomRole, TopicAccess.AdminRole]);
        var topic = Newsroom.NewTopic("console");
        var page = await _browser.NewPageAsync();
        page.SetDefaultTimeout((float)TestTimeouts.Delivery.TotalMilliseconds);
        await page.GotoAsync(new Uri(_nginx.Url, "/newsroom").ToString());
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByLabel("Token").PressAsync("Enter");
        await page.Locator("#topic").FillAsync(topic);
        await page.Locator("#topic").PressAsync("Enter");
        await page.GetByLabel("Headline").FillAsync("Council votes on the new budget");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        // The post's seq comes back over the hub: the console's live connection went through nginx.
        await Assertions.Expect(page.Locator("#posts > li .post-seq")).ToHaveTextAsync("seq 1");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");

        // The console's hub connection is one WebSocket (no negotiation), which nginx logs once it closes.
        await page.CloseAsync();
        await Eventually.HoldsAsync(
            () => Task.FromResult(_nginx.UpstreamsOf("/hubs/live").Count > 0), TestTimeouts.Delivery, "nginx to log the closed WebSocket");
        var logs = new Dictionary<string, string> { ["Server"] = _server.Output, ["nginx"] = _nginx.Logs };
        var signature = token[(token.LastIndexOf('.') + 1)..];
        Assert.All(logs, log =>
        {
            Assert.DoesNotContain(signature, log.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("access_token", log.Value, StringComparison.Ordinal);
        });
    }
}
