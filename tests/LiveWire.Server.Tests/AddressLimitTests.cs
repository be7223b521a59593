using System.Net;
using LiveWire.Contracts;
using LiveWire.Core.Options;
using LiveWire.Realtime;
using LiveWire.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Server.Tests;

/// <summary>Limits per client address and per node; the address comes from forwarded headers only from trusted proxies.</summary>
public sealed class AddressLimitTests
{
    private const string Section = LimitsOptions.SectionName;

    [Fact]
    public async Task One_address_holds_only_so_many_hub_connections_and_gets_a_place_back_when_one_closes()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?> { [$"{Section}:HubConnectionsPerAddress"] = "3" });
        var server = cluster.Servers[0];
        var open = new List<HubConnection>();
        for (var i = 0; i < 3; i++)
        {
            var connection = LiveWireCluster.CreateHubConnection(server);
            await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
            open.Add(connection);
        }

        await using var fourth = LiveWireCluster.CreateHubConnection(server);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => fourth.StartAsync().Within(TestTimeouts.Startup, "a fourth connect"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await open[0].DisposeAsync();
        await using var fifth = LiveWireCluster.CreateHubConnection(server);
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await fifth.StartAsync().Within(TestTimeouts.Startup, "connect after one closed");
                    return true;
                }
                catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    return false;
                }
            },
            TestTimeouts.Delivery,
            "a connect once a place was free");
        foreach (var connection in open.Skip(1))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_node_holds_only_so_many_websockets()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?> { [$"{Section}:MaxUpgradedConnections"] = "2" });
        var server = cluster.Servers[0];
        await using var first = LiveWireCluster.CreateHubConnection(server);
        await using var second = LiveWireCluster.CreateHubConnection(server);
        await first.StartAsync().Within(TestTimeouts.Startup, "connect");
        await second.StartAsync().Within(TestTimeouts.Startup, "connect");

        await using var third = LiveWireCluster.CreateHubConnection(server);
        await Assert.ThrowsAnyAsync<Exception>(() => third.StartAsync().Within(TestTimeouts.Startup, "a third WebSocket"));
        Assert.Equal(HubConnectionState.Disconnected, third.State);
    }

    [Fact]
    public async Task Subscribe_calls_are_counted_per_address_across_its_connections()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            [$"{Section}:SubscribesPerSecondPerAddress"] = "1",
            [$"{Section}:SubscribeBurstPerAddress"] = "4",
        });
        var server = cluster.Servers[0];
        await using var first = LiveWireCluster.CreateHubConnection(server);
        await using var second = LiveWireCluster.CreateHubConnection(server);
        await first.StartAsync().Within(TestTimeouts.Startup, "connect");
        await second.StartAsync().Within(TestTimeouts.Startup, "connect");

        for (var i = 0; i < 2; i++)
        {
            await first.InvokeAsync<SubscribeResult>("Subscribe", $"first-{i}", (long?)null).Within(TestTimeouts.Delivery, "subscribe");
            await second.InvokeAsync<SubscribeResult>("Subscribe", $"second-{i}", (long?)null).Within(TestTimeouts.Delivery, "subscribe");
        }

        var error = await Assert.ThrowsAsync<HubException>(() => second.InvokeAsync<SubscribeResult>("Subscribe", "second-2", (long?)null));
        Assert.StartsWith($"{HubErrorCodes.RateLimited}:", error.Message.Split("HubException: ").Last());
    }

    [Fact]
    public async Task Reader_gets_past_the_per_address_rate_get_429_problem_json_with_retry_after()
    {
        await using var cluster = await LiveWireCluster.StartEmbeddedAsync(ReaderLimit(burst: 5));
        using var reader = cluster.CreateClient(cluster.Servers[0]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/topics?nocache={Guid.NewGuid()}")).StatusCode);
        }

        var refused = await reader.GetAsync($"/api/topics/demo-story/events?after=0&nocache={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await reader.GetAsync("/live/demo-story")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_a_trusted_proxy()
    {
        // Loopback is not a trusted proxy here: every request counts as 127.0.0.1, whatever it claims.
        var untrusted = ReaderLimit(burst: 3);
        untrusted["LiveWire:Network:TrustedProxies:0"] = "10.9.9.9";
        await using (var cluster = await LiveWireCluster.StartEmbeddedAsync(untrusted))
        {
            var statuses = await GetAsFourAddressesAsync(cluster);
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        }

        // Loopback trusted (the default): each forwarded address has a budget of its own.
        await using (var cluster = await LiveWireCluster.StartEmbeddedAsync(ReaderLimit(burst: 3)))
        {
            var statuses = await GetAsFourAddressesAsync(cluster);
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        }
    }

    private static Dictionary<string, string?> ReaderLimit(int burst) => new()
    {
        [$"{Section}:ReaderBurstPerAddress"] = burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{Section}:ReaderRequestsPerSecondPerAddress"] = "1",
    };

    private static async Task<HttpStatusCode[]> GetAsFourAddressesAsync(LiveWireCluster cluster)
    {
        using var reader = cluster.CreateClient(cluster.Servers[0]);
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/topics");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            statuses.Add((await reader.SendAsync(request)).StatusCode);
        }

        return [.. statuses];
    }
}
