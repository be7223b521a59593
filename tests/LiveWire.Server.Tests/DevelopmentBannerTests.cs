using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

/// <summary>What a newcomer sees: <c>dotnet run</c> in Development prints how to post, and what it prints works.</summary>
public sealed partial class DevelopmentBannerTests
{
    [Fact]
    public async Task In_Development_the_server_prints_a_ready_newsroom_token_and_a_curl_line_that_posts()
    {
        var port = NodeProcess.FreePort();
        await using var server = await NodeProcess.StartAsync("LiveWire.Server", port, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        });

        await Eventually.HoldsAsync(() => server.Output.Contains("curl -i -X POST", StringComparison.Ordinal), TestTimeouts.Startup, "the banner");
        var token = TokenLine().Match(server.Output);
        var curl = CurlLine().Match(server.Output);
        Assert.True(token.Success && curl.Success, $"a token and a curl line in:\n{server.Output}");
        Assert.Equal(server.Url, new Uri(curl.Groups["url"].Value + "/"));

        // Do what the curl line says, with the printed token.
        using var newsroom = new HttpClient { BaseAddress = server.Url, Timeout = TestTimeouts.Delivery };
        newsroom.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Groups["token"].Value);
        var topic = curl.Groups["topic"].Value;
        await newsroom.PostAsync(topic, "from-the-banner", "Posted as the banner says");
        await newsroom.WaitForSeqAsync(topic, 1);
        Assert.Contains((await newsroom.GetEventsAsync(topic)).Events, e => e.Id == "from-the-banner");
    }

    [GeneratedRegex(@"export LIVEWIRE_TOKEN=(?<token>[A-Za-z0-9_\-\.]+)")]
    private static partial Regex TokenLine();

    [GeneratedRegex(@"curl -i -X POST (?<url>http://[^/\s]+)/api/topics/(?<topic>[a-z0-9\-]+)/developments")]
    private static partial Regex CurlLine();
}
