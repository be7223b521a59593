using System.Diagnostics;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>
/// A Server node leaves from under its readers, behind the project's nginx (round robin, no affinity): killed outright
/// (SIGKILL), or told to stop (SIGTERM) and draining its readers over the drain window. The readers come back through
/// the balancer to the node that stays and resume; none loses an event. Started again, a killed node takes back its
/// share: the node that took its readers lets the excess go (LiveWire:Rebalance).
/// </summary>
public sealed class ServerLeavesTests
{
    private static readonly TimeSpan DrainWindow = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_server_killed_under_500_readers_loses_none_of_their_events()
    {
        await using var cluster = await BalancedCluster.StartAsync();
        var topic = Newsroom.NewTopic("killed");
        var readers = await cluster.StartReadersAsync(topic, 1_000);
        // Beside the raw readers, the official ones through the same balancer: .NET clients and the widget in chromium.
        await using var clients = await Readers.StartAsync([cluster.Balancer.Url], topic, count: 4);
        try
        {
            using var newsroom = cluster.CreateNewsroomClient();
            var posted = 0;
            for (; posted < 10; posted++)
            {
                await newsroom.PostAsync(topic, $"before-{posted}");
            }

            await cluster.Servers[0].KillAsync();
            for (var i = 0; i < 20; i++, posted++)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"after-{i}");
            }

            await AssertEveryReaderHasAllAsync(readers, posted);
            await clients.AssertEachHasExactlyAsync(posted);
            Assert.InRange(cluster.Disconnects.Count, 300, 700); // about half the readers were on the killed node
        }
        finally
        {
            await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_server_told_to_stop_drains_5000_readers_over_its_window_and_none_loses_an_event()
    {
        await using var cluster = await BalancedCluster.StartAsync(new Dictionary<string, string>
        {
            ["LiveWire:Shutdown:DrainWindow"] = DrainWindow.ToString(),
        });
        var topic = Newsroom.NewTopic("drain");
        var readers = await cluster.StartReadersAsync(topic, 5_000);
        try
        {
            using var newsroom = cluster.CreateNewsroomClient();
            var posted = 0;
            for (; posted < 5; posted++)
            {
                await newsroom.PostAsync(topic, $"before-{posted}");
            }

            await AssertEveryReaderHasAllAsync(readers, posted);
            var terminated = Stopwatch.GetTimestamp();
            cluster.Servers[0].Terminate();

            // Posts keep coming during the drain, through the balancer.
            var stopped = cluster.Servers[0].WaitForExitAsync(TestTimeouts.Startup);
            while (!stopped.IsCompleted)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"during-{posted}");
                posted++;
                await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromMilliseconds(500)));
            }

            var exitedAfter = Stopwatch.GetElapsedTime(terminated);
            for (var i = 0; i < 5; i++, posted++)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"after-{i}");
            }

            await AssertEveryReaderHasAllAsync(readers, posted);

            // They left over the window, not at once: no second took more than a set share of them.
            var seconds = cluster.Disconnects
                .Select(at => (int)((at - terminated) / (double)Stopwatch.Frequency))
                .GroupBy(second => second)
                .ToDictionary(g => g.Key, g => g.Count());
            var left = seconds.Values.Sum();
            var busiest = seconds.Values.Max();
            Assert.InRange(left, 2_000, 3_000); // about half the readers were on the stopping node
            Assert.True(busiest <= 0.2 * left, $"{busiest} of {left} readers left in one second: {string.Join(", ", seconds.OrderBy(s => s.Key).Select(s => $"{s.Key}s:{s.Value}"))}");
            Assert.True(seconds.Keys.Max() >= DrainWindow.TotalSeconds * 0.7, "the drain ended well before its window");
            Assert.True(exitedAfter < DrainWindow + TimeSpan.FromSeconds(20), $"the node took {exitedAfter} to stop");
        }
        finally
        {
            await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_server_killed_and_started_again_takes_back_its_share_of_readers_and_none_loses_an_event()
    {
        await using var cluster = await BalancedCluster.StartAsync(new Dictionary<string, string>
        {
            ["LiveWire:Presence:PublishInterval"] = "00:00:01",
            ["LiveWire:Rebalance:Interval"] = "00:00:04",
            ["LiveWire:Rebalance:MinimumExcess"] = "50",
        });
        var topic = Newsroom.NewTopic("rebalance");
        const int count = 600;
        var readers = await cluster.StartReadersAsync(topic, count);
        try
        {
            using var newsroom = cluster.CreateNewsroomClient();
            var posted = 0;
            for (; posted < 5; posted++)
            {
                await newsroom.PostAsync(topic, $"before-{posted}");
            }

            // Server 0 dies; its readers come back through the balancer to Server 1, which then holds them all.
            await cluster.Servers[0].KillAsync();
            for (var i = 0; i < 5; i++, posted++)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"killed-{i}");
            }

            await AssertEveryReaderHasAllAsync(readers, posted);
            Assert.Equal(count, await cluster.ConnectionsOnAsync(1));

            // Started again, Server 0 gets no reader from the balancer on its own: Server 1 lets its excess go, a few
            // at a time, and the balancer spreads them. Posts keep coming while they move.
            await cluster.RestartAsync(0);
            var balanced = Eventually.HoldsAsync(
                async () => await cluster.ConnectionsOnAsync(0) >= 0.35 * count,
                TestTimeouts.Batch,
                $"Server 0 to hold at least {0.35 * count} of the {count} readers again");
            while (!balanced.IsCompleted)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"moving-{posted}");
                posted++;
                await Task.WhenAny(balanced, Task.Delay(TimeSpan.FromMilliseconds(500)));
            }

            try
            {
                await balanced;
            }
            catch (TimeoutException timeout)
            {
                var rebalancer = cluster.Servers[1].Output.Split('\n').Where(line => line.Contains("Rebalancer", StringComparison.Ordinal) || line.Contains("share", StringComparison.Ordinal));
                throw new TimeoutException(
                    $"{timeout.Message}; Server 0 holds {await cluster.ConnectionsOnAsync(0)}, Server 1 {await cluster.ConnectionsOnAsync(1)}. Server 1's rebalancing:\n{string.Join('\n', rebalancer.TakeLast(20))}", timeout);
            }

            for (var i = 0; i < 5; i++, posted++)
            {
                await PostThroughTheBalancerAsync(newsroom, topic, $"after-{i}");
            }

            await AssertEveryReaderHasAllAsync(readers, posted);
            Assert.All(readers, reader => Assert.Equal(posted, reader.Count)); // nothing shown twice
            await Eventually.HoldsAsync(
                async () => await cluster.ConnectionsOnAsync(0) + await cluster.ConnectionsOnAsync(1) == count,
                TestTimeouts.Delivery,
                $"every one of the {count} readers to be connected to one of the nodes");
        }
        finally
        {
            await Task.WhenAll(readers.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    // Through nginx round robin, a post may meet the node that is going (a reset, a 503 for a hub request, or the
    // port closed): a newsroom tool retries the same id, which publishes once.
    private static async Task PostThroughTheBalancerAsync(HttpClient newsroom, string topic, string id)
    {
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    await newsroom.PostAsync(topic, id);
                    return true;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TestTimeouts.Delivery,
            $"post {id} to be accepted");
    }

    private static async Task AssertEveryReaderHasAllAsync(ResumingReader[] readers, int latest)
    {
        await Eventually.HoldsAsync(
            () => readers.All(r => r.HasAll(latest)),
            TestTimeouts.Batch,
            $"every one of {readers.Length} readers to have seqs 1 to {latest} (missing at {readers.Count(r => !r.HasAll(latest))})");
    }
}
