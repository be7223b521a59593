using System.Text.Json;
using System.Text.RegularExpressions;
using LiveWire.Contracts;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>The live dashboard at <c>/dashboard</c>, read by an operator with an admin token.</summary>
public sealed partial class DashboardTests(DashboardFixture web) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task An_operator_sees_nodes_readers_throughput_latency_charts_busiest_topics_reach_and_health_live()
    {
        var (fire, vote, heat) = (Newsroom.NewTopic("harbour-fire"), Newsroom.NewTopic("budget-vote"), Newsroom.NewTopic("heatwave"));
        using var newsroom = web.Newsroom();
        await newsroom.DescribeAsync(fire, "Harbour fire: warehouses ablaze on the east quay");
        await newsroom.DescribeAsync(vote, "Budget vote: the council decides tonight");
        await newsroom.DescribeAsync(heat, "Heatwave: temperatures set to peak on Sunday");
        await newsroom.PostAsync(vote, "v1", "Councillors gather for the final debate");
        await newsroom.PostAsync(heat, "h1", "Water companies ask customers to save water");

        // Readers on both Server nodes: three on the fire, one on the vote. Each acks what it receives.
        var readers = new List<HubConnection>();
        foreach (var (topic, node) in new[] { (fire, 0), (fire, 1), (fire, 1), (vote, 0) })
        {
            readers.Add(await AckingReaderAsync(topic, web.Cluster.Servers[node]));
        }

        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url("/dashboard"));
        await Assertions.Expect(page.Locator("#token-help")).ToContainTextAsync("admin");
        await page.GetByLabel("Admin token").FillAsync(web.Cluster.IssueToken([TopicAccess.AdminRole]));
        await page.GetByLabel("Admin token").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#dash-status")).ToContainTextAsync("Live");

        // A story breaking while the operator watches: one development every 300 ms (for at most TestTimeouts.Delivery)
        // until the page has shown events and acks per second, then a few more, so the charts have a curve to draw.
        using var stop = new CancellationTokenSource(TestTimeouts.Delivery);
        var posting = PostStreamAsync(newsroom, fire, stop.Token);
        await Assertions.Expect(page.Locator("#tile-events")).Not.ToHaveTextAsync(NoRate(), Patient);
        await Assertions.Expect(page.Locator("#tile-acks")).Not.ToHaveTextAsync(NoRate(), Patient);
        stop.CancelAfter(TimeSpan.FromSeconds(3));
        var posted = await posting;

        await Assertions.Expect(page.Locator("#tile-nodes")).ToHaveTextAsync("3 of 3", Patient);
        await Assertions.Expect(page.Locator("#nodes tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#tile-readers")).ToHaveTextAsync("4", Patient);
        await Assertions.Expect(page.Locator("#tile-subscriptions")).ToHaveTextAsync("4", Patient);
        await Assertions.Expect(page.Locator("#tile-delivery")).ToHaveTextAsync(PositiveLatencies(), Patient);
        foreach (var dependency in new[] { "redis", "rabbitmq", "bus" })
        {
            await Assertions.Expect(page.Locator($"[data-dependency='{dependency}']")).ToHaveAttributeAsync("data-status", "healthy");
        }

        var busiest = page.Locator("#topics tr").First;
        await Assertions.Expect(busiest).ToHaveAttributeAsync("data-topic", fire);
        await Assertions.Expect(busiest.Locator("td").Nth(2)).ToHaveTextAsync("3", Patient);
        var latest = page.Locator($"#deliveries tr[data-delivery='{fire}/{posted}']");
        await Assertions.Expect(latest.Locator("td").Nth(2)).ToHaveTextAsync("3", Patient);
        await Assertions.Expect(latest.Locator("td").Nth(3)).ToHaveTextAsync("3", Patient);
        await Assertions.Expect(latest.Locator("td").Nth(4)).ToHaveTextAsync("100 %", Patient);

        foreach (var chart in new[] { "chart-throughput", "chart-readers", "chart-fanout", "chart-delivery" })
        {
            Assert.True(await page.Locator($"#{chart}").EvaluateAsync<bool>(DrawnScript), $"{chart} has nothing drawn");
        }

        await Repository.ScreenshotAsync(page, "dashboard.png");
        foreach (var reader in readers)
        {
            await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_token_without_the_admin_role_is_refused_and_the_page_asks_again()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync(web.Url("/dashboard"));
        await page.GetByLabel("Admin token").FillAsync(web.Cluster.IssueToken([TopicAccess.NewsroomRole]));
        await page.GetByLabel("Admin token").PressAsync("Enter");

        await Assertions.Expect(page.Locator("#token-error")).ToHaveTextAsync("This token does not have the admin role.");
        Assert.True(await page.Locator("#board").IsHiddenAsync());
        Assert.True(await page.GetByLabel("Admin token").IsVisibleAsync());
    }

    /// <summary>Live figures follow heartbeats and polls: wait up to <see cref="TestTimeouts.Delivery"/> for them.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = (float)TestTimeouts.Delivery.TotalMilliseconds };

    /// <summary>Whether a canvas has any pixel painted (Chart.js draws axes, grid and lines into it).</summary>
    private const string DrawnScript = """
        canvas => {
            const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
            return canvas.width > 0 && painted > 500;
        }
        """;

    private static async Task<HubConnection> AckingReaderAsync(string topic, LiveWireNode node)
    {
        var reader = LiveWireCluster.CreateHubConnection(node);
        reader.On<JsonElement>("event", e => reader.SendAsync("Ack", topic, e.GetProperty("seq").GetInt64(), 0));
        await reader.StartAsync().Within(TestTimeouts.Startup, "connect");
        await reader.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "Subscribe");
        return reader;
    }

    /// <summary>Posts to <paramref name="topic"/> every 300 ms until <paramref name="stop"/>; returns how many.</summary>
    private static async Task<int> PostStreamAsync(HttpClient newsroom, string topic, CancellationToken stop)
    {
        string[] headlines =
        [
            "Smoke seen across the bay", "Fire crews from three stations on the scene", "Residents told to keep windows shut",
            "Ferry services suspended", "Two warehouses now alight", "Police close the harbour road",
        ];
        var count = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        do
        {
            await newsroom.PostAsync(topic, $"f{count + 1}", headlines[count % headlines.Length]);
            count++;
        }
        while (!stop.IsCancellationRequested && await pace.WaitForNextTickAsync(CancellationToken.None));

        await newsroom.WaitForSeqAsync(topic, count);
        return count;
    }

    [GeneratedRegex(@"^[\d.,]+ ms / [\d.,]+ ms$")]
    private static partial Regex PositiveLatencies();

    [GeneratedRegex("^(–|0)$")]
    private static partial Regex NoRate();
}
